namespace Leviathan.Agents.Team;

/// <summary>The orchestrator's <c>verify</c> call as recorded in the trace.</summary>
/// <param name="Description">One line saying what runs (for the software team, the verification command).</param>
/// <param name="ArgumentsJson">The call's arguments as a JSON object.</param>
public sealed record TeamVerifyCall(string Description, string ArgumentsJson);
