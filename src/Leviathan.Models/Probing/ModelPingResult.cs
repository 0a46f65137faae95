namespace Leviathan.Models.Probing;

/// <summary>What <see cref="ModelProbe.PingAsync"/> found out about an endpoint.</summary>
/// <param name="Latency">Time for the tiny chat request, end to end.</param>
/// <param name="ReportedModel">The model id the server put in its answer.</param>
/// <param name="Reply">The model's answer text (may be empty for reasoning models with a small output cap).</param>
/// <param name="ServedModels">Model ids from <c>GET /models</c>; null when the endpoint does not offer that list.</param>
/// <param name="UsageReported">True when the server reported token usage (else costs are estimated).</param>
/// <param name="ReasoningReturned">True when the answer carried reasoning text.</param>
/// <param name="StreamingWorks">Result of a streamed request; null when the profile does not claim streaming.</param>
/// <param name="StreamingProblem">Why streaming failed, when it did.</param>
public sealed record ModelPingResult(
    TimeSpan Latency,
    string? ReportedModel,
    string Reply,
    IReadOnlyList<string>? ServedModels,
    bool UsageReported,
    bool ReasoningReturned,
    bool? StreamingWorks,
    string? StreamingProblem)
{
    /// <summary>
    /// What the server did with a tool offered: <c>native</c> (a native call), <c>text:FORMAT</c> (a call written as text,
    /// e.g. <c>text:hermes</c>), or <c>none</c> (it ignored the tool); null when not checked.
    /// </summary>
    public string? ToolCalls { get; init; }

    /// <summary>What that means for the profile: which <c>tool_calls</c> setting to use and why.</summary>
    public string? ToolCallsAdvice { get; init; }

    /// <summary>The context window the server reports; null when it reports none.</summary>
    public DetectedContextWindow? ContextWindow { get; init; }
}
