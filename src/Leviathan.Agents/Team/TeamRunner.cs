using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Software;
using Leviathan.Agents.Tracing;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Team;

/// <summary>
/// Runs a team (<see cref="TeamDefinition"/>; the software team by default) on a task through the one agent loop and records the run. Always returns an outcome with a
/// terminal status from the taxonomy: infrastructure faults become <see cref="RunStatus.Error"/> with the detail,
/// cancellation becomes <see cref="RunStatus.Cancelled"/>, and the trace is complete in every case.
/// </summary>
public sealed class TeamRunner
{
    private readonly TeamDependencies dependencies;
    private readonly TeamDefinition team;

    /// <summary>A runner of the software team (<see cref="SoftwareTeam"/>).</summary>
    public TeamRunner(TeamDependencies dependencies)
        : this(dependencies, SoftwareTeam.Create())
    {
    }

    /// <summary>A runner of <paramref name="team"/>.</summary>
    public TeamRunner(TeamDependencies dependencies, TeamDefinition team)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(team);
        team.Validate();
        this.dependencies = dependencies;
        this.team = team;
    }

    /// <summary>The team this runner runs.</summary>
    public TeamDefinition Team => team;

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
        // The run goes on to its first model call while its row is being committed (on SQLite; see StartRunWritingAsync).
        var (run, opened) = await store.StartRunWritingAsync(
            new RunSpec(options.Goal, team.Name, options.ModelProfile, options.Workspace, options.Budget, options.ParentRunId, team.PromptVersions),
            CancellationToken.None).ConfigureAwait(false);
        await using var writer = opened;
        onCreated?.Invoke(run.Id);
        writer.Append(new NewEvent(EventKind.Status, TeamRoles.Orchestrator, Payloads.Status(RunStatus.Running.ToName(), options.Goal, options.VerifyCommand, dependencies.Gate.Policy.ToJson(), team.Name, team.Settings)));
        if (options.SetupCommand is { Length: > 0 } && await SetupAsync(options, writer, cancellationToken).ConfigureAwait(false) is { } setupFailure)
        {
            writer.Append(new NewEvent(EventKind.Status, TeamRoles.Orchestrator, Payloads.Status(RunStatus.Error.ToName(), setupFailure)));
            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await store.CompleteRunAsync(run.Id, RunStatus.Error, setupFailure, RunUsage.None, CancellationToken.None).ConfigureAwait(false);
            return new TeamOutcome(run.Id, RunStatus.Error, setupFailure, RunUsage.None, [], "not run: the setup failed");
        }

        TeamLoop session;
        try
        {
            session = new TeamLoop(team, options, dependencies, writer);
        }
#pragma warning disable CA1031 // A run that could not start ends 'error': the trace and the run's status say why.
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
            (status, reason) = (RunStatus.Cancelled, options.CancelledBecause());
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

    /// <summary>
    /// Runs the task's setup command in the sandbox with the network, recorded as an orchestrator <c>setup</c> call and
    /// its result; returns why the run must end, or null when it succeeded.
    /// </summary>
    private async Task<string?> SetupAsync(TeamOptions options, ITraceWriter writer, CancellationToken cancellationToken)
    {
        var command = options.SetupCommand!;
        dependencies.Progress?.Invoke(new TeamProgress(TeamRoles.Orchestrator, 0, "setup", 0, 0m, command));
        var call = writer.Append(new NewEvent(EventKind.ToolCall, TeamRoles.Orchestrator, Payloads.ToolCall("setup", "setup", new JsonObject { ["command"] = command, ["network"] = true }.ToJsonString(), malformed: false)));
        var started = dependencies.Time.GetTimestamp();
        CommandResult result;
        try
        {
            result = await dependencies.Commands.RunAsync(
                new CommandRequest(["/bin/sh", "-c", command], options.Workspace, options.SetupTimeout) { Network = true },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A sandbox fault in the setup ends the run 'error' with its detail, like any fault before the agents start.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            writer.Append(new NewEvent(EventKind.Error, TeamRoles.Orchestrator, Payloads.Error(ex.Message, ex.ToString()), call.Id));
            return $"the setup command could not run: {ex.GetType().Name}: {ex.Message} ({command})";
        }

        var output = (result.Stdout + (result.Stderr.Length > 0 ? "\n" + result.Stderr : string.Empty) + (result.Notice is { } notice ? "\n" + notice : string.Empty)).Trim();
        var kept = OutputCap.Apply(output, options.MaxVerifyOutputChars);
        var failed = result.ExitCode != 0 || result.TimedOut;
        writer.Append(new NewEvent(
            EventKind.ToolResult,
            TeamRoles.Orchestrator,
            Payloads.ToolResult("setup", "setup", failed, result.ExitCode, kept, truncated: kept.Length < output.Length, policy: null),
            call.Id,
            dependencies.Time.GetElapsedTime(started)));
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!failed)
        {
            return null;
        }

        var last = output.Split('\n').TakeLast(3).Select(l => l.Trim()).Where(l => l.Length > 0);
        return result.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"the setup command timed out after {options.SetupTimeout.TotalSeconds:0} s ({command}); no agent ran")
            : string.Create(CultureInfo.InvariantCulture, $"the setup command failed with exit code {result.ExitCode} ({command}); no agent ran. Last output: {string.Join(" | ", last)}");
    }
}
