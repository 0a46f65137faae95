using System.Globalization;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Team;

namespace Leviathan.Agents.Tests.CountingTeam;

/// <summary>A team that is not the software team: its own roles, prompts (embedded in this assembly), tool, verifier and review material.</summary>
internal static class CountingTeamDefinition
{
    public const string Name = "counting";

    public static TeamDefinition Create(TallyBoard board, int target) => new()
    {
        Name = Name,
        Planner = new TeamRole("coordinator", Template("coordinator"), static run => [run.Control.TodoWrite()]),
        Worker = new TeamRole("counter", Template("counter"), run => [new TallyTool(board), run.Control.Finish()]),
        Reviewer = new TeamRole("auditor", Template("auditor"), static run => [run.Control.Verdict()]),
        Verifier = new TallyVerifier(board, target),
        ReviewMaterial = (review, _) => Task.FromResult($"Tally: {board}\n{review.Verification.Report}\nTODO list:\n{review.Todo}\nCall verdict."),
        FirstPlannerMessage = static run => $"Count for: {run.Options.Goal}",
        PromptValues = _ => new Dictionary<string, string>(StringComparer.Ordinal) { ["target"] = target.ToString(CultureInfo.InvariantCulture) },
    };

    private static PromptTemplate Template(string role) =>
        PromptTemplate.Load(typeof(CountingTeamDefinition).Assembly, $"Leviathan.Agents.Tests.CountingTeam.{role}.md", role);
}
