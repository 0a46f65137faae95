namespace Leviathan.Evaluation.Statistics;

/// <summary>Summary figures of a sample: count, mean, median, 90th percentile, min and max (linear interpolation between ranks).</summary>
public sealed record Distribution(int Count, double Mean, double Median, double P90, double Min, double Max)
{
    /// <summary>The figures of a sample; all zero for an empty one.</summary>
    public static Distribution Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Distribution(0, 0, 0, 0, 0, 0)
            : new Distribution(sorted.Length, sorted.Average(), Quantile(sorted, 0.5), Quantile(sorted, 0.9), sorted[0], sorted[^1]);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
