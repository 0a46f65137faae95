using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Sandbox;

/// <summary>The <see cref="ICommandRunner"/> of a workspace: every command a tool runs goes through the sandbox.</summary>
public sealed class SandboxCommandRunner : ICommandRunner
{
    private readonly ISandbox _sandbox;
    private readonly string _workspace;
    private readonly SandboxLimits _limits;

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
        var result = await _sandbox.RunAsync(
            new SandboxRequest(_workspace, request.Arguments)
            {
                WorkingDirectory = request.WorkingDirectory,
                Network = request.Network,
                Timeout = request.Timeout,
                Limits = _limits,
                Environment = request.Environment,
            },
            cancellationToken).ConfigureAwait(false);
        var notices = result.Notices;
        return new CommandResult(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Duration)
        {
            Notice = notices.Count == 0 ? null : string.Join('\n', notices),
        };
    }
}
