using Leviathan.Evaluation.Comparing;

namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary><c>eval compare --json</c>: one pair of configurations, its paired counts, the exact McNemar p and the tasks that differ.</summary>
internal sealed record EvalComparisonJson(
    string ConfigurationA,
    string ConfigurationB,
    int Pairs,
    int Both,
    int OnlyA,
    int OnlyB,
    int Neither,
    double RateA,
    double RateB,
    double PValue,
    IReadOnlyList<EvalComparisonTaskJson> Tasks)
{
    public static EvalComparisonJson From(PairedComparison c) =>
        new(c.ConfigurationA, c.ConfigurationB, c.Pairs, c.BothSucceeded, c.OnlyA, c.OnlyB, c.NeitherSucceeded, c.RateA, c.RateB, c.PValue,
            [.. c.Tasks.Select(t => new EvalComparisonTaskJson(t.TaskId, t.SucceededA, t.SucceededB, t.Paired))]);
}
