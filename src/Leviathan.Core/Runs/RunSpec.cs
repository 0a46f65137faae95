namespace Leviathan.Core.Runs;

/// <summary>What a new run is asked to do.</summary>
/// <param name="Goal">The task's goal in the user's words.</param>
/// <param name="Team">The team that works on it (for example <c>software</c>).</param>
/// <param name="ModelProfile">The model profile the roles route to by default.</param>
/// <param name="Workspace">The folder the agents work in.</param>
/// <param name="Budget">Limits.</param>
/// <param name="ParentRunId">The run this one replays or resumes.</param>
/// <param name="PromptVersions">Versions of the prompt templates in use, by role.</param>
public sealed record RunSpec(
    string Goal,
    string Team,
    string? ModelProfile,
    string? Workspace,
    RunBudget? Budget = null,
    Guid? ParentRunId = null,
    IReadOnlyDictionary<string, string>? PromptVersions = null);
