using Leviathan.Tools.Contract;
using Leviathan.Tools.Snapshots;

namespace Leviathan.Tools.Policy;

/// <summary>
/// The one way an agent's tool call runs: the policy gate first (a refusal becomes an error result
/// with the rule's reason), then a workspace checkpoint before a call that may change files, then the tool.
/// Whatever fails on the way (a path no file system accepts, a gate or checkpoint fault, a tool bug) becomes an
/// error result the model can read; only cancellation escapes.
/// </summary>
public sealed class GatedToolInvoker
{
    /// <summary>The standard tools that may change the workspace.</summary>
    public static readonly IReadOnlySet<string> DefaultMutatingTools =
        new HashSet<string>(StringComparer.Ordinal) { "write_file", "edit_file", "apply_patch", "run_command" };

    private readonly ToolSet _tools;
    private readonly PolicyGate _gate;
    private readonly WorkspaceSnapshotStore? _snapshots;
    private readonly IReadOnlySet<string> _mutating;

    /// <param name="tools">The tools.</param>
    /// <param name="gate">The policy gate.</param>
    /// <param name="snapshots">Where checkpoints go; null turns them off.</param>
    /// <param name="mutatingTools">Tools that get a checkpoint before they run; <see cref="DefaultMutatingTools"/> when null.</param>
    public GatedToolInvoker(ToolSet tools, PolicyGate gate, WorkspaceSnapshotStore? snapshots, IReadOnlySet<string>? mutatingTools = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(gate);
        _tools = tools;
        _gate = gate;
        _snapshots = snapshots;
        _mutating = mutatingTools ?? DefaultMutatingTools;
    }

    /// <summary>Whether commands in this run may reach the network (the rules that depend on it read this).</summary>
    public bool Network { get; init; }

    /// <summary>Gates, checkpoints and runs one call.</summary>
    public async Task<GatedToolResult> InvokeAsync(ToolCall call, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(context);
        PolicyVerdict verdict;
        try
        {
            if (ToolArgumentCheck.Problem(call) is { } problem)
            {
                return new GatedToolResult(ToolResult.Error(problem), NotJudged("invalid-argument", problem), SnapshotStep: null);
            }

            verdict = await _gate.CheckAsync(call, context.Workspace.FullPath, Network, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A gate that cannot judge a call refuses it with a reason; it must not end the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var message = $"Not run: the policy gate could not judge this {call.Name} call ({ex.GetType().Name}: {ex.Message}). Check its arguments and call again.";
            return new GatedToolResult(ToolResult.Error(message), NotJudged("gate-error", message), SnapshotStep: null);
        }

        if (!verdict.Allowed)
        {
            return new GatedToolResult(ToolResult.Error(verdict.Message!), verdict, SnapshotStep: null);
        }

        int? step = null;
        if (_snapshots is not null && _mutating.Contains(call.Name ?? string.Empty) && _tools.TryGet(call.Name!, out _))
        {
            step = await _snapshots.CheckpointAsync(Describe(call), cancellationToken).ConfigureAwait(false);
        }

        ToolResult result;
        try
        {
            result = await _tools.InvokeAsync(call, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The tool set already turns tool faults into results; this catches what escapes it (output capping, timing).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = ToolResult.Error($"{call.Name} failed unexpectedly ({ex.GetType().Name}): {ex.Message}");
        }

        return new GatedToolResult(result, verdict, step);
    }

    private static PolicyVerdict NotJudged(string ruleId, string reason) =>
        new(false, new PolicyDecision(PolicyAction.Deny, ruleId, reason, "invoker"), ApprovedBy: null, reason);

    private static string Describe(ToolCall call)
    {
        var targets = PolicyTargets.From(call.Name, call.ArgumentsJson);
        var what = targets.Command ?? string.Join(' ', targets.Paths);
        return what.Length == 0 ? call.Name : $"{call.Name} {what}";
    }
}
