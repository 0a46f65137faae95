using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// Runs every command in a bubblewrap sandbox built ahead of it (<see cref="ISandbox.Prestart"/> with the request
/// itself), and fails the command when it ran anywhere else: the same tests then prove the same boundary for both ways
/// a command starts.
/// </summary>
internal sealed class PrestartingSandbox(SandboxOptions options) : ISandbox
{
    private readonly BubblewrapSandbox _inner = (BubblewrapSandbox)SandboxFactory.Create(options with { Kind = SandboxKind.Bubblewrap, Prestart = true });

    public SandboxKind Kind => _inner.Kind;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var used = _inner.Ahead.Used;
        _inner.Prestart(request);
        // Started (a command never waits for a sandbox whose start is still queued); maybe not yet built.
        await _inner.Ahead.WaitingProcessIdAsync(request.Workspace);
        try
        {
            var result = await _inner.RunAsync(request, cancellationToken);
            _inner.Ahead.Used.ShouldBe(used + 1, "the command did not run in the sandbox built ahead for it");
            return result;
        }
        finally
        {
            await _inner.ReleaseAsync(request.Workspace);
        }
    }
}
