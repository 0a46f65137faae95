namespace Leviathan.Tools.Sandbox;

/// <summary>
/// A sandbox made ahead of its command: bubblewrap has built the namespaces, mounts, filter and cgroups, and a shell in it
/// holds the command until the release line (<see cref="BubblewrapSandbox.HoldScript"/>). Run once, or given up (disposed)
/// unrun, which kills the sandbox with nothing having run in it.
/// </summary>
internal sealed class PreparedSandboxCommand : IAsyncDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task<ConfinedProcess.Outcome> _run;
    private int _taken;

    public PreparedSandboxCommand(SandboxRequest request, ConfinedLaunch launch, TimeProvider time)
    {
        Request = request;
        Launch = launch;
        // Started off the caller's thread: it is preparing so as not to wait.
        _run = Task.Run(() => ConfinedProcess.RunAsync(launch, time, _abandon.Token, _release.Task));
    }

    /// <summary>The request it was made for.</summary>
    public SandboxRequest Request { get; }

    /// <summary>What was started, held before its command.</summary>
    public ConfinedLaunch Launch { get; }

    /// <summary>
    /// Whether <paramref name="launch"/>, worked out for the same request now, would start exactly this sandbox: what the
    /// workspace's state decides (the read-only <c>.git</c> paths, the toolchains' mounts and variables) may have changed since.
    /// </summary>
    public bool Matches(ConfinedLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        return launch.Arguments.SequenceEqual(Launch.Arguments, StringComparer.Ordinal) && SandboxEnvironment.Same(launch.Environment, Launch.Environment);
    }

    /// <summary>Releases the command and waits for its outcome; the timeout and the disk quota start now.</summary>
    /// <exception cref="SandboxUnavailableException">The sandbox could not be made (as a command started at once would report).</exception>
    public async Task<ConfinedProcess.Outcome> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _taken, 1) != 0)
        {
            throw new InvalidOperationException("a prepared sandbox runs its command once");
        }

        using (cancellationToken.Register(static abandon => ((CancellationTokenSource)abandon!).Cancel(), _abandon))
        {
            _release.TrySetResult();
            return await _run.ConfigureAwait(false);
        }
    }

    /// <summary>Kills the sandbox if its command was never released, and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _taken) == 0)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
        }

        // Given up, or not made at all: whatever ended it, nothing ran, and no one waits for its outcome.
        await ((Task)_run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _abandon.Dispose();
    }
}
