namespace Leviathan.Evaluation.Running;

/// <summary>
/// Starts one run and waits for its end: the seam between the evaluation harness (scheduling, judging, results) and
/// the one service that launches runs. The harness never wires models, sandboxes or stores itself.
/// </summary>
public interface IAttemptLauncher
{
    /// <summary>Runs the request to its end. Cancellation ends the run <c>cancelled</c> (returned, or thrown as <see cref="OperationCanceledException"/>).</summary>
    /// <exception cref="AttemptInfrastructureException">The run could not be made or carried out for a reason that is not the agents' (no sandbox, model endpoint down after retries).</exception>
    Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken);
}
