using Leviathan.Agents.Prompts;
using Leviathan.Agents.Tracing;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Agents.Team;

/// <summary>
/// Runs the software team (planner → engineer → critic) on a task and records the run. Always returns an outcome with a
/// terminal status from the taxonomy: infrastructure faults become <see cref="RunStatus.Error"/> with the detail,
/// cancellation becomes <see cref="RunStatus.Cancelled"/>, and the trace is complete in every case.
/// </summary>
public sealed class TeamRunner(TeamDependencies dependencies)
{
    /// <summary>The team name recorded on runs.</summary>
    public const string TeamName = "software";

    /// <summary>The reason a run that nothing verified (<c>--no-verify</c>) ends <c>succeeded</c> with, before the critic's reasons.</summary>
    public const string NotVerifiedReason = "not verified: accepted by the critic";

    /// <summary>The artifact that holds a run's whole diff, from its start checkpoint to its end.</summary>
    public const string PatchName = "run.patch";

    /// <summary>The media type of <see cref="PatchName"/>.</summary>
    public const string PatchMediaType = "text/x-diff";

    /// <summary>Creates the run in the store and runs it to its end.</summary>
    /// <param name="options">The task and limits.</param>
    /// <param name="onCreated">Told the run id as soon as it exists (before any model call).</param>
    /// <param name="cancellationToken">Cancels the run: it ends as <c>cancelled</c>.</param>
    public async Task<TeamOutcome> RunAsync(TeamOptions options, Action<Guid>? onCreated = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = dependencies.Store;
        var run = await store.CreateRunAsync(
            new RunSpec(options.Goal, TeamName, options.ModelProfile, options.Workspace, options.Budget, options.ParentRunId, PromptLibrary.Versions),
            CancellationToken.None).ConfigureAwait(false);
        onCreated?.Invoke(run.Id);
        ITraceWriter writer;
        TeamSession session;
        try
        {
            await store.MarkRunningAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
            writer = await store.OpenWriterAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A run that could not start ends 'error' with the reason, never stays 'pending'; the fault is then rethrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await EndUnstartedAsync(run.Id, ex).ConfigureAwait(false);
            throw;
        }

        await using var ownedWriter = writer;
        writer.Append(new NewEvent(EventKind.Status, TeamRoles.Orchestrator, Payloads.Status(RunStatus.Running.ToName(), options.Goal, options.VerifyCommand, dependencies.Gate.Policy.ToJson())));
        try
        {
            session = new TeamSession(options, dependencies, writer);
        }
#pragma warning disable CA1031 // As above: the trace and the run's status say why it could not start.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var why = $"the run could not start: {ex.GetType().Name}: {ex.Message}";
            writer.Append(new NewEvent(EventKind.Error, TeamRoles.Orchestrator, Payloads.Error(ex.Message, ex.ToString())));
            writer.Append(new NewEvent(EventKind.Status, TeamRoles.Orchestrator, Payloads.Status(RunStatus.Error.ToName(), why)));
            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await store.CompleteRunAsync(run.Id, RunStatus.Error, why, RunUsage.None, CancellationToken.None).ConfigureAwait(false);
            return new TeamOutcome(run.Id, RunStatus.Error, why, RunUsage.None, [], "not run");
        }

        RunStatus status;
        string reason;
        try
        {
            (status, reason) = await session.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (status, reason) = (RunStatus.Cancelled, "cancelled by the user (Ctrl-C)");
        }
#pragma warning disable CA1031 // Any infrastructure fault ends the run as 'error' with its detail; the trace must still close.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            (status, reason) = (RunStatus.Error, $"{ex.GetType().Name}: {ex.Message}");
            writer.Append(new NewEvent(EventKind.Error, TeamRoles.Orchestrator, Payloads.Error(ex.Message, ex.ToString())));
        }

        var usage = session.Usage;
        writer.Append(new NewEvent(EventKind.Status, TeamRoles.Orchestrator, Payloads.Status(status.ToName(), reason)));
        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await store.CompleteRunAsync(run.Id, status, reason, usage, CancellationToken.None).ConfigureAwait(false);
        return new TeamOutcome(run.Id, status, reason, usage, session.FilesChanged, session.Verification) { PatchSha256 = session.PatchSha256 };
    }

    private async Task EndUnstartedAsync(Guid runId, Exception ex)
    {
        try
        {
            await dependencies.Store.CompleteRunAsync(
                runId, RunStatus.Error, $"the run could not start: {ex.GetType().Name}: {ex.Message}", RunUsage.None, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store itself may be what failed; the original fault is what the caller must see.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
