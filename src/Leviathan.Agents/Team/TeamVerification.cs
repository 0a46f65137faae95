namespace Leviathan.Agents.Team;

/// <summary>The result of a team's verification.</summary>
/// <param name="Passed">The work is proven.</param>
/// <param name="Report">What the worker (on failure) and the reviewer (on success) are told, with the evidence.</param>
/// <param name="Summary">One line for the run's outcome, e.g. <c>passed (pytest -q)</c> or <c>failed with exit code 1 (pytest -q)</c>.</param>
public sealed record TeamVerification(bool Passed, string Report, string Summary)
{
    /// <summary>The output recorded as the <c>verify</c> call's result; a refusal may quote it as evidence.</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>The exit code of what ran, when something ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The verification's result as data (snake_case JSON), recorded in the trace beside <see cref="Output"/>; null = text only.</summary>
    public System.Text.Json.Nodes.JsonNode? StructuredContent { get; init; }

    /// <summary>The live progress line; null = <see cref="Summary"/>.</summary>
    public string? Note { get; init; }
}
