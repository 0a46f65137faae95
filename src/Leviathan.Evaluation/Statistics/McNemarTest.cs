namespace Leviathan.Evaluation.Statistics;

/// <summary>
/// The exact McNemar test for paired successes: of the discordant pairs (b where only A succeeded, c where only B did),
/// the two-sided binomial p-value of b under p = ½. Exact, so it holds for the handful of discordant tasks an
/// evaluation usually has.
/// </summary>
public static class McNemarTest
{
    /// <summary>The two-sided exact p-value; 1 when there are no discordant pairs.</summary>
    public static double ExactPValue(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var n = onlyA + onlyB;
        if (n == 0)
        {
            return 1;
        }

        var smaller = Math.Min(onlyA, onlyB);
        // Sum the binomial tail in log space: n can be in the thousands.
        var tail = 0.0;
        for (var i = 0; i <= smaller; i++)
        {
            tail += Math.Exp(LogChoose(n, i) - (n * Math.Log(2)));
        }

        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++)
        {
            sum += Math.Log(n - k + i) - Math.Log(i);
        }

        return sum;
    }
}
