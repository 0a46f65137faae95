using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The <see cref="ICommandRunner"/> of a workspace: every command a tool runs goes through the sandbox. Under bubblewrap it
/// can also make the sandbox of a command that is coming (<see cref="Prepare"/>); dispose it to give up one never run.
/// </summary>
public sealed class SandboxCommandRunner : ICommandRunner, ICommandPreparer, IAsyncDisposable
{
    private readonly ISandbox _sandbox;
    private readonly string _workspace;
    private readonly SandboxLimits _limits;
    private readonly Lock _gate = new();
    private PreparedSandboxCommand? _prepared;

    /// <param name="sandbox">The backend.</param>
    /// <param name="workspace">The absolute workspace directory, the only writable place.</param>
    /// <param name="limits">Resource limits of every command; <see cref="SandboxLimits.Default"/> when null.</param>
    public SandboxCommandRunner(ISandbox sandbox, string workspace, SandboxLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        _sandbox = sandbox;
        _workspace = workspace;
        _limits = limits ?? SandboxLimits.Default;
    }

    /// <summary>The backend commands run under.</summary>
    public SandboxKind Kind => _sandbox.Kind;

    /// <inheritdoc />
    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sandboxRequest = ToSandbox(request);
        PreparedSandboxCommand? prepared = null;
        lock (_gate)
        {
            // Only the command it was made for takes it; the worker's other commands leave it for the verification.
            if (_prepared is { } held && Same(held.Request, sandboxRequest))
            {
                prepared = held;
                _prepared = null;
            }
        }

        var result = prepared is not null && _sandbox is BubblewrapSandbox bubblewrap
            ? await bubblewrap.RunAsync(sandboxRequest, prepared, cancellationToken).ConfigureAwait(false)
            : await _sandbox.RunAsync(sandboxRequest, cancellationToken).ConfigureAwait(false);
        var notices = result.Notices;
        return new CommandResult(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Duration)
        {
            Notice = notices.Count == 0 ? null : string.Join('\n', notices),
        };
    }

    /// <inheritdoc />
    public void Prepare(CommandRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_sandbox is not BubblewrapSandbox bubblewrap)
        {
            return;
        }

        var sandboxRequest = ToSandbox(request);
        PreparedSandboxCommand? replaced;
        lock (_gate)
        {
            if (_prepared is { } held && Same(held.Request, sandboxRequest))
            {
                // Already held: the team loop asks before each of the worker's turns.
                return;
            }

            replaced = _prepared;
            try
            {
                _prepared = bubblewrap.Prepare(sandboxRequest);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or SandboxUnavailableException)
            {
                // The command's own run reports it.
                _prepared = null;
            }
        }

        if (replaced is not null)
        {
            _ = replaced.DisposeAsync().AsTask();
        }
    }

    /// <summary>Gives up a prepared sandbox whose command was never run.</summary>
    public async ValueTask DisposeAsync()
    {
        PreparedSandboxCommand? prepared;
        lock (_gate)
        {
            prepared = _prepared;
            _prepared = null;
        }

        if (prepared is not null)
        {
            await prepared.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool Same(SandboxRequest a, SandboxRequest b) =>
        a.Arguments.SequenceEqual(b.Arguments, StringComparer.Ordinal)
        && a.WorkingDirectory == b.WorkingDirectory
        && a.Network == b.Network
        && a.Timeout == b.Timeout
        && a.Limits == b.Limits
        && SandboxEnvironment.Same(a.Environment, b.Environment);

    private SandboxRequest ToSandbox(CommandRequest request) => new(_workspace, request.Arguments)
    {
        WorkingDirectory = request.WorkingDirectory,
        Network = request.Network,
        Timeout = request.Timeout,
        Limits = _limits,
        Environment = request.Environment,
    };
}
