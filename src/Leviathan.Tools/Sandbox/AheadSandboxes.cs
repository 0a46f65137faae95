using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Leviathan.Tools.Sandbox.Quota;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Sandboxes built before their command is known: for a workspace that asked (<see cref="ISandbox.Prestart"/>), one
/// bubblewrap sandbox waits with its namespaces, mounts, seccomp filter and cgroups in place, running the launcher's
/// <c>--exec-stdin</c> in place of the command. The next command of that workspace whose launch would be the same in
/// every respect but its arguments (environment, limits, working directory, network) is written to its stdin and exec'd
/// there; anything else discards it and starts as before. Each sandbox serves one command, as one started for it does,
/// and the command finds what it would have found (a fresh PID namespace, an empty private <c>/tmp</c>, stdin at its
/// end). What moves is when the work is done: while the agent waits for its model, not when the command is due.
/// Under root the waiting sandbox runs at the lowest priority, so that building it never slows commands that are
/// due, and its processes get the normal priority back before the command is handed over.
/// </summary>
internal sealed partial class AheadSandboxes
{
    /// <summary>The descriptor the launcher keeps its own file open on, for the sandbox to run it through <c>/proc/self/fd</c>.</summary>
    private const string SelfDescriptor = "9";

    private const int PrioProcess = 0;
    private const int NoSuchProcess = 3;

    /// <summary>How long a command waits for its sandbox built ahead to be ready before it starts one of its own instead.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    private readonly SandboxOptions _options;
    private readonly bool _lowPriority;
    private readonly Func<SandboxRequest, ConfinedLaunch> _launchOf;
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _discarding = new();
    private int _used;

    /// <param name="options">The sandbox's options.</param>
    /// <param name="identity">Who Leviathan runs as.</param>
    /// <param name="launcher">The launcher's path: the sandbox user runs it again inside.</param>
    /// <param name="launchOf">The launch of a request with the launcher waiting in place of its command.</param>
    public AheadSandboxes(SandboxOptions options, SandboxHostIdentity identity, string launcher, Func<SandboxRequest, ConfinedLaunch> launchOf)
    {
        _options = options;
        _launchOf = launchOf;
        // Under root the sandbox user is another user: it may run the launcher only when others may execute it.
        Enabled = options.Prestart && (!identity.IsRoot || (File.GetUnixFileMode(launcher) & UnixFileMode.OtherExecute) != 0);
        // Only root may give the processes their priority back (CAP_SYS_NICE), and only with cgroups does it know them all.
        _lowPriority = identity.IsRoot && options.Cgroups;
    }

    /// <summary>The program bubblewrap runs in a waiting sandbox.</summary>
    public static IReadOnlyList<string> Command { get; } = ["/proc/self/fd/" + SelfDescriptor, "--exec-stdin", SelfDescriptor];

    /// <summary>Whether a sandbox waits for <paramref name="workspace"/>'s next command.</summary>
    public bool Waits(string workspace) => _waiting.ContainsKey(workspace);

    /// <summary>Whether sandboxes are built ahead here.</summary>
    public bool Enabled { get; }

    /// <summary>How many commands were handed to a sandbox built ahead.</summary>
    public int Used => _used;

    /// <summary>The first process of the sandbox waiting for <paramref name="workspace"/>'s next command, once it has started; null when none.</summary>
    internal async Task<int?> WaitingProcessIdAsync(string workspace) =>
        _waiting.TryGetValue(workspace, out var waiting) ? (await waiting.Starting.ConfigureAwait(false)).Started.Process.Id : null;

    /// <summary>The launcher's options for a waiting sandbox.</summary>
    public static IReadOnlyList<string> LauncherOptions { get; } = ["--self-fd", SelfDescriptor];

    /// <summary>Starts a sandbox for the next command of <paramref name="workspace"/> like <paramref name="template"/>, unless one waits.</summary>
    public void Prepare(string workspace, SandboxRequest template)
    {
        if (!Enabled || _waiting.ContainsKey(workspace))
        {
            return;
        }

        // Even the launch is worked out off the caller's path (paths resolved, files checked), at the same priority.
        var taken = new CancellationTokenSource();
        var waiting = new Waiting(
            _lowPriority
                ? ProcessLauncher.InBackground(() => StartAsync(template, background: true, taken.Token))
                : Task.Run(() => StartAsync(template, background: false, taken.Token)),
            taken);
        if (!_waiting.TryAdd(workspace, waiting))
        {
            taken.Cancel();
            _ = DiscardAsync(waiting);
        }
    }

    private async Task<(ConfinedLaunch Launch, ConfinedProcess.Started Started)> StartAsync(SandboxRequest template, bool background, CancellationToken taken)
    {
        // A command that came before this began started its own sandbox: nothing to build.
        taken.ThrowIfCancellationRequested();
        var launch = _launchOf(template);
        // In the background the whole start happens on the lowest-priority thread, and what it starts inherits that priority.
        var started = background
            ? await ConfinedProcess.StartHereAsync(launch, _options.Time).ConfigureAwait(false)
            : await ConfinedProcess.StartAsync(launch, _options.Time).ConfigureAwait(false);
        return (launch, started);
    }

    /// <summary>
    /// The waiting sandbox of <paramref name="workspace"/> when it was built for exactly <paramref name="launch"/> (the
    /// request's launch with the launcher in place of its command) and is still there to take the command; null
    /// otherwise (a sandbox that does not fit is discarded).
    /// </summary>
    public async Task<ConfinedProcess.Started?> TakeAsync(string workspace, Func<ConfinedLaunch> launch)
    {
        if (!_waiting.TryRemove(workspace, out var waiting))
        {
            return null;
        }

        if (!waiting.Starting.IsCompleted)
        {
            // Not started yet (the low-priority thread had no processor to spare): the command does not wait for it, and
            // it is not started at all if it has not begun.
            await waiting.Taken.CancelAsync().ConfigureAwait(false);
            _ = DiscardAsync(waiting);
            return null;
        }

        ConfinedLaunch built;
        ConfinedProcess.Started started;
        try
        {
            (built, started) = await waiting.Starting.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A sandbox that could not be built ahead is built again for the command, which reports the failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        if (!Same(built, launch()) || started.Process.HasExited || !await RestorePriorityAsync(started).ConfigureAwait(false))
        {
            _ = DiscardAsync(waiting);
            return null;
        }

        waiting.Taken.Dispose();
        Interlocked.Increment(ref _used);
        return started;
    }

    /// <summary>Hands <paramref name="command"/> to a waiting sandbox and waits for it as <see cref="ConfinedProcess.RunAsync"/> does.</summary>
    public static async Task<ConfinedProcess.Outcome> RunAsync(ConfinedProcess.Started started, ConfinedLaunch launch, WorkspaceQuota? quota, IReadOnlyList<string> command, TimeProvider time, CancellationToken cancellationToken)
    {
        var from = time.GetTimestamp();
        if (quota is not null)
        {
            await quota.FileTimesPastStartAsync(time).ConfigureAwait(false);
        }

        var input = new StringBuilder();
        foreach (var argument in command)
        {
            input.Append(argument).Append('\0');
        }

        try
        {
            var stdin = started.Process.StandardInput.BaseStream;
            await stdin.WriteAsync(Encoding.UTF8.GetBytes(input.ToString()), cancellationToken).ConfigureAwait(false);
            started.Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The sandbox ended before it read its command (killed from outside); its exit status and output say how.
        }

        return await ConfinedProcess.FinishAsync(started, launch, quota, from, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Discards the sandbox waiting for <paramref name="workspace"/>, in the background: its processes are killed at once,
    /// their cgroups removed once they are gone.
    /// </summary>
    public void Close(string workspace)
    {
        if (_waiting.TryRemove(workspace, out var waiting))
        {
            _ = DiscardAsync(waiting);
        }
    }

    /// <summary>Completes once the sandbox waiting for <paramref name="workspace"/> waits for its command (for measurements); false when none does.</summary>
    internal async Task<bool> ReadyAsync(string workspace)
    {
        if (!_waiting.TryGetValue(workspace, out var waiting))
        {
            return false;
        }

        var (_, started) = await waiting.Starting.ConfigureAwait(false);
        while (!started.Process.HasExited)
        {
            if ((started.Cgroups?.Processes() ?? []).Any(IsWaitingLauncher))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), _options.Time, CancellationToken.None).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Completes when every sandbox discarded so far is gone.</summary>
    internal Task DiscardedAsync() => Task.WhenAll(_discarding.Keys);

    private async Task DiscardAsync(Waiting waiting)
    {
        var done = new TaskCompletionSource();
        _discarding[done.Task] = 0;
        try
        {
            await (await waiting.Starting.ConfigureAwait(false)).Started.DiscardAsync(_options.Time).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // It never started: nothing to discard.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            waiting.Taken.Dispose();
            _discarding.TryRemove(done.Task, out _);
            done.SetResult();
        }
    }

    /// <summary>Whether two launches differ at most in their wall-clock limit (counted from the hand-over either way).</summary>
    internal static bool Same(ConfinedLaunch a, ConfinedLaunch b) =>
        a.Arguments.SequenceEqual(b.Arguments, StringComparer.Ordinal)
        && a.Environment.Count == b.Environment.Count
        && a.Environment.All(e => b.Environment.TryGetValue(e.Key, out var value) && value == e.Value)
        && a.WorkingDirectory == b.WorkingDirectory
        && a.Limits == b.Limits
        && a.UseCgroups == b.UseCgroups
        && a.CgroupParent == b.CgroupParent
        && a.QuotaWorkspace == b.QuotaWorkspace
        && a.LauncherConfines == b.LauncherConfines;

    /// <summary>
    /// Gives every process of a low-priority sandbox the normal priority back, waiting (at the normal priority) for the
    /// launcher to wait for its command if the sandbox is still being built; false when that cannot be done. The launcher
    /// reads its command to the end of stdin and forks nothing before it execs it: once it is at niceness 0, so is the
    /// command. A process forked by another while this ran may have been missed; those only wait for the command.
    /// </summary>
    private async Task<bool> RestorePriorityAsync(ConfinedProcess.Started started)
    {
        if (!_lowPriority)
        {
            return true;
        }

        var deadline = _options.Time.GetTimestamp();
        while (!started.Process.HasExited)
        {
            var ready = false;
            // The program itself first: it may not have reached its cgroups yet.
            foreach (var pid in started.Cgroups!.Processes().Prepend(started.Process.Id).Distinct())
            {
                Marshal.SetLastPInvokeError(0);
                var niceness = GetPriority(PrioProcess, (uint)pid);
                var error = Marshal.GetLastPInvokeError();
                if (error == NoSuchProcess)
                {
                    continue;
                }

                if (error != 0 || (niceness != 0 && SetPriority(PrioProcess, (uint)pid, 0) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess))
                {
                    return false;
                }

                ready |= IsWaitingLauncher(pid);
            }

            if (ready)
            {
                return true;
            }

            if (_options.Time.GetElapsedTime(deadline) > ReadyTimeout)
            {
                return false;
            }

            // Still being built; at the normal priority now, it is done in a moment.
            await Task.Delay(TimeSpan.FromMilliseconds(1), _options.Time, CancellationToken.None).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Whether <paramref name="pid"/> is the launcher waiting for its command (its arguments are <see cref="Command"/>).</summary>
    private static bool IsWaitingLauncher(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline") == string.Join('\0', Command) + "\0";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, uint who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int priority);

    private sealed record Waiting(Task<(ConfinedLaunch Launch, ConfinedProcess.Started Started)> Starting, CancellationTokenSource Taken);
}
