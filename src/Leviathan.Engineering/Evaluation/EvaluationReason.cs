namespace Leviathan.Engineering.Evaluation;

/// <summary>One reason a solution fails: a code from <see cref="ReasonCodes"/>, a sentence, and where measurable the value and the limit.</summary>
public sealed record EvaluationReason(string Code, string Message)
{
    public string? Part { get; init; }

    /// <summary>The payload this reason is about, named in a benchmark with several payloads (null otherwise).</summary>
    public string? Payload { get; init; }

    /// <summary>The start this reason is about (a <see cref="SampleOutcome.Label"/>); null when it is about the whole solution.</summary>
    public string? Start { get; init; }

    public double? Measured { get; init; }

    public double? Limit { get; init; }

    public string? Unit { get; init; }
}
