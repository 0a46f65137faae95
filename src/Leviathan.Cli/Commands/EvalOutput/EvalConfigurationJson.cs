using Leviathan.Evaluation.Reports;

namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary>One configuration's figures: resolved of counted, the Wilson 95 % interval, failures, cost and pass@k.</summary>
internal sealed record EvalConfigurationJson(
    string Name,
    int Succeeded,
    int Counted,
    double Rate,
    double WilsonLower,
    double WilsonUpper,
    int Infrastructure,
    int Cancelled,
    decimal CostUsd,
    IReadOnlyDictionary<int, double> PassAtK)
{
    public static EvalConfigurationJson From(ConfigurationSummary c) =>
        new(c.Name, c.Succeeded, c.Counted, c.Rate, c.Interval.Lower, c.Interval.Upper, c.Infrastructure, c.Cancelled, c.CostUsd, c.PassAtK);
}
