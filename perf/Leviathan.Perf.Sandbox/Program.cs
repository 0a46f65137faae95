// The overhead of running `true` in the sandbox over starting it directly (target: at most 10 ms median).
// The default sandbox includes the native launcher, the seccomp filter, and under root the idmapped workspace
// and the switch to the unprivileged sandbox uid, plus the disk-quota check.
// The variants are measured round-robin, so that a change in machine load hits them all alike.
// The presets row mounts the host's NuGet cache and pyenv (staged by the launcher under root): at most 2 ms more.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Sandbox [-- RUNS]
using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Sandbox;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var workspace = Directory.CreateTempSubdirectory("leviathan-perf-sandbox-").FullName;
try
{
    (string Name, Func<Task> Action)[] variants =
    [
        ("direct exec of /bin/true (Process.Start, redirected)", DirectAsync),
        ("bwrap + cgroups (memory, cpu, pids) + rlimits", Sandboxed(new SandboxOptions { Presets = ["none"] }, workspace)),
        // Target: the presets' mounts add at most 2 ms over the row above.
        ("bwrap + cgroups + rlimits, with dotnet+python presets", Sandboxed(new SandboxOptions { Presets = ["dotnet", "python"] }, workspace)),
        ("bwrap + rlimits, cgroups off", Sandboxed(new SandboxOptions { Cgroups = false }, workspace)),
        ("none backend (cgroups + rlimits, no isolation)", Sandboxed(new SandboxOptions { Kind = SandboxKind.None }, workspace)),
    ];
    var samples = variants.Select(_ => new List<double>()).ToArray();
    // CPU time of the finished process trees (cutime + cstime): robust to a loaded machine, unlike wall time.
    var childTicks = new long[variants.Length];
    var warmup = Math.Max(10, runs / 10);
    for (var round = 0; round < warmup + runs; round++)
    {
        for (var v = 0; v < variants.Length; v++)
        {
            var ticks = ChildTicks();
            var started = Stopwatch.GetTimestamp();
            await variants[v].Action();
            if (round >= warmup)
            {
                samples[v].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                childTicks[v] += ChildTicks() - ticks;
            }
        }
    }

    var medians = new double[variants.Length];
    for (var v = 0; v < variants.Length; v++)
    {
        var sorted = samples[v].Order().ToArray();
        medians[v] = sorted[runs / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{variants[v].Name,-55} median {medians[v],7:0.00} ms   p10 {sorted[runs / 10],7:0.00}   p90 {sorted[runs * 9 / 10],7:0.00}   cpu {childTicks[v] * 10.0 / runs,5:0.00} ms   ({runs} runs)"));
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overhead of the default sandbox over direct exec: {medians[1] - medians[0]:0.00} ms median (target <= 10 ms)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which cgroups: {medians[1] - medians[3]:0.00} ms; without isolation: {medians[4] - medians[0]:0.00} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet+python presets over the default sandbox: {medians[2] - medians[1]:0.00} ms median, {(childTicks[2] - childTicks[1]) * 10.0 / runs:0.00} ms cpu (target <= 2 ms)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}"));
}
finally
{
    Directory.Delete(workspace, recursive: true);
}

static async Task DirectAsync()
{
    var info = new ProcessStartInfo("/bin/true") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
    using var process = Process.Start(info)!;
    process.StandardInput.Close();
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    await stdout;
    await stderr;
}

// utime + stime of waited-for children, in clock ticks (100 per second on Linux).
static long ChildTicks()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
}

static Func<Task> Sandboxed(SandboxOptions options, string workspace)
{
    var sandbox = SandboxFactory.Create(options);
    var request = new SandboxRequest(workspace, ["true"]);
    return async () =>
    {
        var result = await sandbox.RunAsync(request, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"true failed in the sandbox: exit {result.ExitCode}: {result.Stderr}");
        }
    };
}
