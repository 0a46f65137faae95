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

    /// <param name="launch">What to start and how to police it.</param>
    /// <param name="time">The clock of the timeout and the duration.</param>
    /// <param name="cancellationToken">Kills the command (and, while it is held, the sandbox made for it).</param>
    /// <param name="release">
    /// For a held launch (a sandbox made ahead, whose command waits for one line on standard input): the sandbox is made at
    /// once, and its command runs when this completes. The disk quota and the timeout start then.
    /// </param>
    public static async Task<Outcome> RunAsync(ConfinedLaunch launch, TimeProvider time, CancellationToken cancellationToken, Task? release = null)
    {
        launch.Limits.Validate();
        var started = time.GetTimestamp();
        // A held command's quota starts at its release: what the workspace gained before then is not the command's.
        var quota = release is null ? StartQuota(launch) : null;
        CgroupScope? cgroups = launch.UseCgroups
            ? CgroupScope.Create(CgroupLayout.Detect(launch.CgroupParent), launch.Limits, time)
            : null;
        try
        {
            var stdout = new OutputCapture(launch.Limits.MaxOutputBytes);
            var stderr = new OutputCapture(launch.Limits.MaxOutputBytes);
            using var process = new Process { StartInfo = StartInfo(launch, cgroups, quota) };
            try
            {
                await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
            }
            catch (Win32Exception ex) when (launch.LauncherConfines)
            {
                throw new SandboxUnavailableException($"Cannot start the sandbox launcher '{launch.Arguments[0]}': {ex.Message}", "rebuild Leviathan (dotnet build) or run scripts/setup.sh", ex);
            }
            catch (Win32Exception ex)
            {
                throw new SandboxUnavailableException($"Cannot start /bin/sh to launch the command: {ex.Message}", "install a POSIX shell at /bin/sh", ex);
            }

            using var drainCancellation = new CancellationTokenSource();
            var drains = Task.WhenAll(
                stdout.DrainAsync(process.StandardOutput.BaseStream, drainCancellation.Token),
                stderr.DrainAsync(process.StandardError.BaseStream, drainCancellation.Token));
            if (release is not null)
            {
                try
                {
                    await release.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Given up before it ran: the sandbox goes with everything in it.
                    await KillAsync(process, cgroups, launch).ConfigureAwait(false);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                started = time.GetTimestamp();
                quota = StartQuota(launch);
                if (quota is not null)
                {
                    // What the command creates must be stamped later than the quota's start (see WorkspaceQuota).
                    await FileStatus.WaitPastAsync(quota.StartNanoseconds, CancellationToken.None).ConfigureAwait(false);
                }

                await ReleaseAsync(process).ConfigureAwait(false);
            }

            process.StandardInput.Close();

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
                    await KillAsync(process, cgroups, launch).ConfigureAwait(false);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                await stopWatch.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            // Background processes may still hold the pipes open; they do not outlive the command.
            cgroups?.KillAll();
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
            var hits = cgroups?.ReadLimitHits() ?? SandboxLimitHit.None;
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

            if (cgroups is not null)
            {
                await cgroups.DisposeAsync(time).ConfigureAwait(false);
                cgroups = null;
            }

            // Only now is every process of the command gone, and what it created safe to remove.
            var quotaReport = quota?.Finish();
            if (quotaReport is not null)
            {
                hits |= SandboxLimitHit.DiskQuota;
            }

            return new Outcome(exitCode, hits, stdout, stderr, time.GetElapsedTime(started), quotaReport);
        }
        finally
        {
            if (cgroups is not null)
            {
                await cgroups.DisposeAsync(time).ConfigureAwait(false);
            }
        }
    }

    private static WorkspaceQuota? StartQuota(ConfinedLaunch launch) =>
        launch.QuotaWorkspace is not null && launch.Limits.MaxWorkspaceBytes > 0
            ? WorkspaceQuota.Start(launch.QuotaWorkspace, launch.Limits.MaxWorkspaceBytes)
            : null;

    /// <summary>The release line of a held launch.</summary>
    private static async Task ReleaseAsync(Process process)
    {
        try
        {
            // Past the writer's buffer: if the sandbox is gone, closing its input afterwards has nothing left to flush.
            await process.StandardInput.BaseStream.WriteAsync("go\n"u8.ToArray()).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The sandbox ended while it was held (it could not be made): its exit status and message tell why.
        }
    }

    private static ProcessStartInfo StartInfo(ConfinedLaunch launch, CgroupScope? cgroups, WorkspaceQuota? quota)
    {
        // New files are stamped from the kernel's coarse clock: a file the command made within the tick in which the quota
        // started would look older than the start, and neither count nor be removed. The launcher waits out that tick.
        string[] after = quota is not null && (launch.LauncherConfines || launch.StartsWithLauncher)
            ? ["--after", quota.StartNanoseconds.ToString(CultureInfo.InvariantCulture)]
            : [];
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
            foreach (var argument in LauncherOptions(launch.Limits, cgroups).Concat(after).Concat(launch.Arguments.Skip(1)))
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(WrapperScript(launch.Limits, cgroups));
            info.ArgumentList.Add("leviathan-sandbox");
            foreach (var argument in launch.Arguments.Take(1).Concat(after).Concat(launch.Arguments.Skip(1)))
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
        foreach (var join in cgroups?.Plan.JoinFiles ?? [])
        {
            yield return "--join";
            yield return join;
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
