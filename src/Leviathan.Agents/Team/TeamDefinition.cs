using Leviathan.Agents.Prompts;

namespace Leviathan.Agents.Team;

/// <summary>
/// A team, as data: its roles with their prompts and tools, how its work is verified and what its reviewer is shown. The
/// one agent loop runs every team: the planner writes the TODO list (<c>todo_write</c>), the worker works it until it
/// calls <c>finish</c> (or proves a TODO item impossible with <c>refuse_plan</c>), the orchestrator runs
/// <see cref="Verifier"/>, and the reviewer gives a <c>verdict</c> on <see cref="ReviewMaterial"/>.
/// </summary>
public sealed record TeamDefinition
{
    /// <summary>The team's name, recorded on its runs (e.g. <c>software</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Writes and revises the TODO list; must be offered <see cref="TeamControlTools.TodoWrite"/>.</summary>
    public required TeamRole Planner { get; init; }

    /// <summary>Does the work; must be offered <see cref="TeamControlTools.Finish"/>.</summary>
    public required TeamRole Worker { get; init; }

    /// <summary>Judges verified work; must be offered <see cref="TeamControlTools.Verdict"/>.</summary>
    public required TeamRole Reviewer { get; init; }

    /// <summary>How the orchestrator proves the work when the worker calls <c>finish</c> (never the model's word).</summary>
    public required ITeamVerifier Verifier { get; init; }

    /// <summary>The reviewer's first message: what it judges (for the software team: the run's diff, the verification report and the TODO list).</summary>
    public required Func<TeamReviewContext, CancellationToken, Task<string>> ReviewMaterial { get; init; }

    /// <summary>The planner's first message; by default the goal and a request for the TODO list.</summary>
    public Func<TeamRunContext, string> FirstPlannerMessage { get; init; } = static context => $"Goal: {context.Options.Goal}\nWrite the TODO list with todo_write.";

    /// <summary>
    /// Values for the roles' prompt placeholders besides <c>{{goal}}</c> (always the goal) and, in the worker's prompt,
    /// <c>{{todo}}</c> (the current TODO list).
    /// </summary>
    public Func<TeamOptions, IReadOnlyDictionary<string, string>> PromptValues { get; init; } = static _ => new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The tools that may change the workspace: a checkpoint is taken before each call of one (the reviewer's diff, rollback,
    /// resume). Null = the standard ones (<see cref="Leviathan.Tools.Policy.GatedToolInvoker.DefaultMutatingTools"/>).
    /// </summary>
    public IReadOnlySet<string>? MutatingTools { get; init; }

    /// <summary>
    /// What the team was built from beyond the run's goal and workspace (e.g. the physics team's benchmark file and sample
    /// count), recorded on the run's first status event as <c>team_settings</c> so that <c>runs resume</c> and
    /// <c>runs replay</c> can build the same team again. Empty = nothing beyond the run's options.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The three roles, planner first.</summary>
    public IReadOnlyList<TeamRole> Roles => [Planner, Worker, Reviewer];

    /// <summary>The prompt versions in use, by role, as recorded on a run (e.g. <c>planner → planner@1</c>).</summary>
    public IReadOnlyDictionary<string, string> PromptVersions => Roles.ToDictionary(r => r.Name, r => r.Prompt.VersionTag, StringComparer.Ordinal);

    /// <summary>Fails fast on a definition the loop cannot run: empty or repeated role names, or the orchestrator's name.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        var names = Roles.Select(r => r.Name).ToList();
        if (names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Contains(TeamRoles.Orchestrator, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"team '{Name}' needs three different, non-empty role names other than '{TeamRoles.Orchestrator}' (got {string.Join(", ", names.Select(n => $"'{n}'"))})");
        }
    }
}
