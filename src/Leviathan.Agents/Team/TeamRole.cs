using Leviathan.Agents.Prompts;
using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Team;

/// <summary>One role of a team: its name (in traces and model routes), its versioned system prompt and the tools it is offered.</summary>
/// <param name="Name">The role's name, e.g. <c>planner</c>, <c>engineer</c>, <c>reviewer</c>.</param>
/// <param name="Prompt">The role's system prompt template; its version is recorded on every run.</param>
/// <param name="Tools">
/// The tools the role is offered in one run, made from the run's context (workspace, sandbox, the loop's control tools).
/// Offer only what the role needs: every tool is in the model's prompt and may be called.
/// </param>
public sealed record TeamRole(string Name, PromptTemplate Prompt, Func<TeamRunContext, IReadOnlyList<ITool>> Tools);
