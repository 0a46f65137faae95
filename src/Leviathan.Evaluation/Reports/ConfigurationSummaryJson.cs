using System.ComponentModel;

namespace Leviathan.Evaluation.Reports;

/// <summary>One configuration's figures: resolved of counted, the Wilson 95 % interval, failures, cost and pass@k.</summary>
/// <param name="Name">The configuration's name.</param>
/// <param name="Succeeded">Attempts judged resolved.</param>
/// <param name="Counted">Attempts that count (not infrastructure faults, not cancelled).</param>
/// <param name="Rate">Succeeded / counted (0 when nothing counted).</param>
/// <param name="WilsonLower">The lower end of the Wilson 95 % interval of the rate.</param>
/// <param name="WilsonUpper">The upper end of the Wilson 95 % interval of the rate.</param>
/// <param name="Infrastructure">Attempts lost to infrastructure faults (not counted).</param>
/// <param name="Cancelled">Attempts cancelled (not counted).</param>
/// <param name="CostUsd">Model cost of every attempt, in US dollars.</param>
/// <param name="PassAtK">pass@k keyed by k = 1 … repeats; empty with one repeat.</param>
public sealed record ConfigurationSummaryJson(
    string Name,
    [property: Description("Attempts judged resolved.")] int Succeeded,
    [property: Description("Attempts that count: not infrastructure failures, not cancelled.")] int Counted,
    [property: Description("succeeded / counted; 0 when nothing counted.")] double Rate,
    [property: Description("The lower end of the Wilson 95 % interval of the rate.")] double WilsonLower,
    [property: Description("The upper end of the Wilson 95 % interval of the rate.")] double WilsonUpper,
    [property: Description("Attempts lost to infrastructure failures (not counted).")] int Infrastructure,
    [property: Description("Attempts cancelled (not counted).")] int Cancelled,
    [property: Description("What every attempt cost, in US dollars.")] decimal CostUsd,
    [property: Description("pass@k (the unbiased estimator over each task's repeats) keyed by k from 1 to repeat; empty with one repeat.")] IReadOnlyDictionary<int, double> PassAtK)
{
    /// <summary>The figures of one configuration's summary.</summary>
    public static ConfigurationSummaryJson From(ConfigurationSummary c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Name, c.Succeeded, c.Counted, c.Rate, c.Interval.Lower, c.Interval.Upper, c.Infrastructure, c.Cancelled, c.CostUsd, c.PassAtK);
    }
}
