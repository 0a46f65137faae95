namespace Leviathan.Agents.Team;

/// <summary>
/// How a team's work is proven by the orchestrator when the worker calls <c>finish</c>: tests in the sandbox, a
/// simulation, a benchmark check. The loop records the verification as an orchestrator <c>verify</c> call and its result.
/// </summary>
public interface ITeamVerifier
{
    /// <summary>What the verification will run, as recorded and shown before it runs; null when nothing is run to prove the work (a success is then reported as not verified).</summary>
    TeamVerifyCall? Describe(TeamRunContext context);

    /// <summary>
    /// Gets ready to verify while the worker's model thinks (the loop calls it before each of the worker's turns): a
    /// verification that runs a command has its sandbox made ahead (<see cref="Leviathan.Tools.Contract.ICommandPreparer"/>),
    /// so that a finished step is verified without waiting for one. Nothing by default.
    /// </summary>
    void Prepare(TeamRunContext context)
    {
    }

    /// <summary>Proves (or disproves) the work as it is now in the workspace.</summary>
    Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken);
}
