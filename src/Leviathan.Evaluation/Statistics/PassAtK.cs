namespace Leviathan.Evaluation.Statistics;

/// <summary>
/// The unbiased pass@k estimator (Chen et al. 2021): from n attempts at a task of which c succeeded, the chance that at
/// least one of k attempts drawn without replacement succeeds, 1 − C(n−c, k) / C(n, k); averaged over tasks.
/// </summary>
public static class PassAtK
{
    /// <summary>pass@k of one task.</summary>
    public static double OfTask(int attempts, int successes, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, attempts);
        if (attempts - successes < k)
        {
            return 1;
        }

        // C(n−c, k) / C(n, k) as a product, which stays exact enough for any n an evaluation has.
        var failAll = 1.0;
        for (var i = attempts - successes + 1; i <= attempts; i++)
        {
            failAll *= 1 - ((double)k / i);
        }

        return 1 - failAll;
    }

    /// <summary>The mean pass@k over tasks, each given as (attempts, successes); tasks with fewer than k attempts are left out.</summary>
    public static double Mean(IEnumerable<(int Attempts, int Successes)> tasks, int k)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var values = tasks.Where(t => t.Attempts >= k).Select(t => OfTask(t.Attempts, t.Successes, k)).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }
}
