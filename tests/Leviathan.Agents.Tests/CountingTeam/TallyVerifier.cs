using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Agents.Team;

namespace Leviathan.Agents.Tests.CountingTeam;

/// <summary>The counting team's verification: the orchestrator checks the tally itself, nothing runs in a sandbox.</summary>
internal sealed class TallyVerifier(TallyBoard board, int target) : ITeamVerifier
{
    public TeamVerifyCall? Describe(TeamRunContext context) =>
        new(string.Create(CultureInfo.InvariantCulture, $"check the tally counts 1 to {target}"), new JsonObject { ["target"] = target }.ToJsonString());

    public Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken)
    {
        var passed = board.Numbers.SequenceEqual(Enumerable.Range(1, target));
        var output = "tally: " + board;
        return Task.FromResult(new TeamVerification(
            passed,
            passed ? "The tally is complete. " + output : string.Create(CultureInfo.InvariantCulture, $"The tally must count 1 to {target}; it is {board}."),
            passed ? "tally complete" : "tally incomplete: " + board)
        {
            Output = output,
            ExitCode = passed ? 0 : 1,
        });
    }
}
