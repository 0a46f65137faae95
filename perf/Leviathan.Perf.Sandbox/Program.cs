// The overhead of running `true` in the sandbox over starting it directly (target: at most 10 ms median).
// The default sandbox includes the native launcher, the seccomp filter, and under root the idmapped workspace
// and the switch to the unprivileged sandbox uid, plus the disk-quota check.
// The variants are measured round-robin, so that a change in machine load hits them all alike.
// The presets row mounts the host's NuGet cache and pyenv (staged by the launcher under root): at most 2 ms more.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Sandbox [-- RUNS]
// `-- burst N ROUNDS` instead starts N commands at once, each in its own workspace (as the runs of an evaluation reach
// their verification together), ROUNDS times per variant round-robin: the burst's wall time and each command's latency.
using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Sandbox;

if (args is ["burst", ..])
{
    await BurstAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10);
    return;
}

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

static async Task BurstAsync(int commands, int rounds)
{
    var root = Directory.CreateTempSubdirectory("leviathan-perf-sandbox-burst-").FullName;
    try
    {
        var workspaces = Enumerable.Range(0, commands).Select(i => Directory.CreateDirectory(Path.Combine(root, i.ToString(CultureInfo.InvariantCulture))).FullName).ToArray();
        (string Name, ISandbox Sandbox)[] variants =
        [
            ("bwrap + cgroups (memory, cpu, pids) + rlimits", SandboxFactory.Create(new SandboxOptions())),
            ("bwrap + rlimits, cgroups off", SandboxFactory.Create(new SandboxOptions { Cgroups = false })),
        ];
        var walls = variants.Select(_ => new List<double>()).ToArray();
        var latencies = variants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds + 1; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var started = Stopwatch.GetTimestamp();
                var each = await Task.WhenAll(workspaces.Select(async ws =>
                {
                    await Task.Yield();
                    var result = await variants[v].Sandbox.RunAsync(new SandboxRequest(ws, ["true"]), CancellationToken.None);
                    if (result.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"true failed in the sandbox: exit {result.ExitCode}: {result.Stderr}");
                    }

                    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }));
                if (round > 0)
                {
                    // The first round warms up (JIT, the cgroup layout).
                    walls[v].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    latencies[v].AddRange(each);
                }
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            var wall = walls[v].Order().ToArray();
            var latency = latencies[v].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variants[v].Name,-47} {commands} at once: burst {wall[wall.Length / 2],6:0} ms median (min {wall[0]:0}, max {wall[^1]:0}); a command done after {latency[latency.Length / 2]:0} ms median, p90 {latency[latency.Length * 9 / 10]:0} ({rounds} rounds)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}"));
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}
