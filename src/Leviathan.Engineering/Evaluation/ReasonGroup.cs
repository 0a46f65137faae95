using System.Globalization;
using System.Text.RegularExpressions;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// One line per kind of failure: the reasons of the same code about the same payload or part that differ only in their
/// start and figures (e.g. <c>left_world</c> at each of 13 starts) become one, naming how many starts and which.
/// </summary>
public sealed partial record ReasonGroup(string Code, string Message)
{
    /// <summary>The starts this kind of failure happened at (<see cref="SampleOutcome.Label"/>); empty when it is about the whole solution.</summary>
    public IReadOnlyList<string> Starts { get; init; } = [];

    public string? Part { get; init; }

    public string? Payload { get; init; }

    /// <summary>The reasons of <paramref name="reasons"/> grouped, in the order of each group's first reason.</summary>
    public static IReadOnlyList<ReasonGroup> Of(IReadOnlyList<EvaluationReason> reasons, int startsDrawn)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return reasons
            .Select((reason, order) => (Reason: reason, Order: order, Text: Stripped(reason)))
            .GroupBy(r => r.Reason.Start is null
                ? $"{r.Order}"
                : $"{r.Reason.Code}\u0001{r.Reason.Payload}\u0001{r.Reason.Part}\u0001{Figures().Replace(r.Text, "#")}", StringComparer.Ordinal)
            .Select(group =>
            {
                var first = group.First().Reason;
                var starts = group.Select(r => r.Reason.Start).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var alike = group.All(r => r.Text == group.First().Text);
                var message = starts.Count < 2
                    ? first.Message
                    : string.Create(CultureInfo.InvariantCulture, $"in {starts.Count} of {startsDrawn} starts ({string.Join(", ", starts)}): {group.First().Text}{(alike ? string.Empty : $" (figures from {SolutionEvaluator.StartName(first.Start!)})")}");
                return new ReasonGroup(first.Code, message) { Starts = starts, Part = first.Part, Payload = first.Payload };
            })
            .ToList();
    }

    /// <summary>The message without its leading "sample 3: " naming the start.</summary>
    private static string Stripped(EvaluationReason reason)
    {
        if (reason.Start is not { } start)
        {
            return reason.Message;
        }

        var prefix = SolutionEvaluator.StartName(start) + ": ";
        return reason.Message.StartsWith(prefix, StringComparison.Ordinal) ? reason.Message[prefix.Length..] : reason.Message;
    }

    /// <summary>Numbers not part of a name (pit2 stays): the figures that differ between starts.</summary>
    [GeneratedRegex(@"(?<![A-Za-z_])-?\d+(\.\d+)?(e-?\d+)?")]
    private static partial Regex Figures();
}
