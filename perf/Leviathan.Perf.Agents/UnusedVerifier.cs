using Leviathan.Agents.Team;

namespace Leviathan.Perf.Agents;

/// <summary>The physics scenario's verifier: its engineer never finishes, so nothing is ever verified.</summary>
internal sealed class UnusedVerifier : ITeamVerifier
{
    public TeamVerifyCall? Describe(TeamRunContext context) => null;

    public Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the benchmark's engineer never calls finish");
}
