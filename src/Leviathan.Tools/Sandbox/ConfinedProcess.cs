using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Leviathan.Tools.Sandbox.Cgroups;
using Leviathan.Tools.Sandbox.Quota;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Starts one program under a small <c>/bin/sh</c> wrapper that joins fresh cgroups and sets the
/// rlimits before it <c>exec</c>s, so that every process the program starts is counted from its first
/// instruction (or, when the program is Leviathan's sandbox launcher, has the launcher do both as its first step).
/// Drains capped output, enforces the wall clock, and kills whatever is left at the end.
/// </summary>
internal static class ConfinedProcess
{
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public readonly record struct Outcome(
        int ExitCode,
        SandboxLimitHit LimitsHit,
        OutputCapture Stdout,
        OutputCapture Stderr,
        TimeSpan Duration,
        WorkspaceQuotaReport? Quota = null);

    /// <summary>A program started with its limits, its output drained, not yet waited for.</summary>
    internal sealed class Started(Process process, CgroupScope? cgroups, OutputCapture stdout, OutputCapture stderr, Task drains, CancellationTokenSource drainCancellation)
    {
        public Process Process { get; } = process;

        public CgroupScope? Cgroups { get; set; } = cgroups;

        public OutputCapture Stdout { get; } = stdout;

        public OutputCapture Stderr { get; } = stderr;

        public Task Drains { get; } = drains;

        public CancellationTokenSource DrainCancellation { get; } = drainCancellation;

        /// <summary>Kills what was started and frees its cgroups, for a program that will not be given its command.</summary>
        public async Task DiscardAsync(TimeProvider time)
        {
            try
            {
                // The program may not have reached its cgroups yet: it is killed by itself, and whatever it started by
                // the cgroups' removal (bubblewrap's other processes also die with it, --die-with-parent). Not the whole
                // tree: that lists every process on the machine.
                Process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It has exited.
            }

            Cgroups?.KillAll();
            await Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await DrainCancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await Drains.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A pipe held open by a process outside our reach.
            }

            if (Cgroups is not null)
            {
                await Cgroups.DisposeAsync(time).ConfigureAwait(false);
            }

            Process.Dispose();
            DrainCancellation.Dispose();
        }
    }

    public static async Task<Outcome> RunAsync(ConfinedLaunch launch, TimeProvider time, CancellationToken cancellationToken)
    {
        // The duration counts the start; the disk quota's baseline is taken before the command can write anything.
        var from = time.GetTimestamp();
        var quota = StartQuota(launch);
        var started = await StartAsync(launch, time).ConfigureAwait(false);
        started.Process.StandardInput.Close();
        return await FinishAsync(started, launch, quota, from, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The disk-quota watch of a launch, started before its command runs; null when it has no quota.</summary>
    public static WorkspaceQuota? StartQuota(ConfinedLaunch launch) =>
        launch.QuotaWorkspace is not null && launch.Limits.MaxWorkspaceBytes > 0
            ? WorkspaceQuota.Start(launch.QuotaWorkspace, launch.Limits.MaxWorkspaceBytes)
            : null;

    /// <summary>
    /// Creates the cgroups and starts the program in them with its output drained. Its stdin stays open: close it (a
    /// command started directly) or write its command to it (a sandbox built ahead), then <see cref="FinishAsync"/>.
    /// </summary>
    public static Task<Started> StartAsync(ConfinedLaunch launch, TimeProvider time) => StartAsync(launch, time, ProcessLauncher.StartAsync);

    /// <summary>
    /// <see cref="StartAsync(ConfinedLaunch, TimeProvider)"/> on the calling thread, done when it returns: for a thread of
    /// its own priority (<see cref="ProcessLauncher.InBackground"/>), whose niceness the program inherits.
    /// </summary>
    public static Task<Started> StartHereAsync(ConfinedLaunch launch, TimeProvider time) =>
        StartAsync(launch, time, process =>
        {
            process.Start();
            return Task.CompletedTask;
        });

    private static async Task<Started> StartAsync(ConfinedLaunch launch, TimeProvider time, Func<Process, Task> start)
    {
        launch.Limits.Validate();
        CgroupScope? cgroups = launch.UseCgroups
            ? CgroupScope.Create(CgroupLayout.Detect(launch.CgroupParent), launch.Limits, time)
            : null;
        var process = new Process { StartInfo = StartInfo(launch, cgroups) };
        try
        {
            try
            {
                await start(process).ConfigureAwait(false);
            }
            catch (Win32Exception ex) when (launch.LauncherConfines)
            {
                throw new SandboxUnavailableException($"Cannot start the sandbox launcher '{launch.Arguments[0]}': {ex.Message}", "rebuild Leviathan (dotnet build) or run scripts/setup.sh", ex);
            }
            catch (Win32Exception ex)
            {
                throw new SandboxUnavailableException($"Cannot start /bin/sh to launch the command: {ex.Message}", "install a POSIX shell at /bin/sh", ex);
            }
        }
        catch
        {
            process.Dispose();
            if (cgroups is not null)
            {
                await cgroups.DisposeAsync(time).ConfigureAwait(false);
            }

            throw;
        }

        var stdout = new OutputCapture(launch.Limits.MaxOutputBytes);
        var stderr = new OutputCapture(launch.Limits.MaxOutputBytes);
        var drainCancellation = new CancellationTokenSource();
        var drains = Task.WhenAll(
            stdout.DrainAsync(process.StandardOutput.BaseStream, drainCancellation.Token),
            stderr.DrainAsync(process.StandardError.BaseStream, drainCancellation.Token));
        return new Started(process, cgroups, stdout, stderr, drains, drainCancellation);
    }

    /// <summary>
    /// Waits for a started program (its stdin already closed) within the launch's timeout, counted from this call, and
    /// its disk <paramref name="quota"/>, kills whatever is left, and gathers the outcome (its duration counted from
    /// <paramref name="from"/>); frees the cgroups and the process either way.
    /// </summary>
    public static async Task<Outcome> FinishAsync(Started started, ConfinedLaunch launch, WorkspaceQuota? quota, long from, TimeProvider time, CancellationToken cancellationToken)
    {
        var process = started.Process;
        var (stdout, stderr, drains, drainCancellation) = (started.Stdout, started.Stderr, started.Drains, started.DrainCancellation);
        try
        {
            var timedOut = false;
            using (var timeout = new CancellationTokenSource(launch.Timeout, time))
            using (var overQuota = new CancellationTokenSource())
            using (var stopWatch = new CancellationTokenSource())
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, overQuota.Token))
            {
                var watch = quota?.WatchAsync(overQuota, time, stopWatch.Token) ?? Task.CompletedTask;
                try
                {
                    await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = !cancellationToken.IsCancellationRequested && !overQuota.IsCancellationRequested;
                    await KillAsync(process, started.Cgroups, launch).ConfigureAwait(false);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                await stopWatch.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            // Background processes may still hold the pipes open; they do not outlive the command.
            started.Cgroups?.KillAll();
            if (await Task.WhenAny(drains, Task.Delay(DrainGrace, time, CancellationToken.None)).ConfigureAwait(false) != drains)
            {
                await drainCancellation.CancelAsync().ConfigureAwait(false);
            }

            try
            {
                await drains.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A pipe held open by a process outside our reach; what was read is kept.
            }

            cancellationToken.ThrowIfCancellationRequested();
            var hits = started.Cgroups?.ReadLimitHits() ?? SandboxLimitHit.None;
            var exitCode = process.ExitCode;
            if (timedOut)
            {
                hits |= SandboxLimitHit.Timeout;
                exitCode = SandboxResult.TimeoutExitCode;
            }
            else if (exitCode == 128 + SigXcpu)
            {
                hits |= SandboxLimitHit.CpuTime;
            }
            else if (exitCode == 128 + SigXfsz)
            {
                hits |= SandboxLimitHit.FileSize;
            }

            if (stdout.Truncated || stderr.Truncated)
            {
                hits |= SandboxLimitHit.Output;
            }

            if (started.Cgroups is { } cgroups)
            {
                started.Cgroups = null;
                await cgroups.DisposeAsync(time).ConfigureAwait(false);
            }

            // Only now is every process of the command gone, and what it created safe to remove.
            var quotaReport = quota?.Finish();
            if (quotaReport is not null)
            {
                hits |= SandboxLimitHit.DiskQuota;
            }

            return new Outcome(exitCode, hits, stdout, stderr, time.GetElapsedTime(from), quotaReport);
        }
        finally
        {
            if (started.Cgroups is not null)
            {
                await started.Cgroups.DisposeAsync(time).ConfigureAwait(false);
            }

            process.Dispose();
            drainCancellation.Dispose();
        }
    }

    private static ProcessStartInfo StartInfo(ConfinedLaunch launch, CgroupScope? cgroups)
    {
        var info = new ProcessStartInfo(launch.LauncherConfines ? launch.Arguments[0] : "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
        };
        if (launch.LauncherConfines)
        {
            foreach (var argument in LauncherOptions(launch.Limits, cgroups).Concat(launch.Arguments.Skip(1)))
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(WrapperScript(launch.Limits, cgroups));
            info.ArgumentList.Add("leviathan-sandbox");
            foreach (var argument in launch.Arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>
    /// The wrapper: join each cgroup, set the rlimits, exec the rest of the arguments. POSIX <c>ulimit -f</c>
    /// counts 512-byte blocks; <c>-t</c> (CPU seconds) is supported by dash and bash alike.
    /// </summary>
    internal static string WrapperScript(SandboxLimits limits, CgroupScope? cgroups)
    {
        var script = new StringBuilder();
        foreach (var procs in cgroups?.Plan.ProcsFiles ?? [])
        {
            script.Append(CultureInfo.InvariantCulture, $"echo $$ > {Quote(procs)} || exit 125; ");
        }

        var blocks = (limits.MaxFileBytes + 511) / 512;
        // The hard CPU limit sits a second above the soft one, so that SIGXCPU (exit 152) comes before SIGKILL.
        script.Append(
            CultureInfo.InvariantCulture,
            $"ulimit -S -t {limits.CpuSeconds} && ulimit -H -t {limits.CpuSeconds + 1} && ulimit -f {blocks} || exit 125; exec \"$@\"");
        return script.ToString();
    }

    /// <summary>
    /// The launcher's equivalent of <see cref="WrapperScript"/>: join each cgroup, then the same rlimits (the file size
    /// rounded up to whole 512-byte blocks, as <c>ulimit -f</c> sets it).
    /// </summary>
    internal static IEnumerable<string> LauncherOptions(SandboxLimits limits, CgroupScope? cgroups)
    {
        foreach (var procs in cgroups?.Plan.ProcsFiles ?? [])
        {
            yield return "--join";
            yield return procs;
        }

        yield return "--rlimits";
        yield return limits.CpuSeconds.ToString(CultureInfo.InvariantCulture);
        yield return ((limits.MaxFileBytes + 511) / 512 * 512).ToString(CultureInfo.InvariantCulture);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task KillAsync(Process process, CgroupScope? cgroups, ConfinedLaunch launch)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }

        cgroups?.KillAll();
        if (launch.OnKill is not null)
        {
            await launch.OnKill().ConfigureAwait(false);
        }
    }
}
