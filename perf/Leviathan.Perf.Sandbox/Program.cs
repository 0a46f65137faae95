// The overhead of running `true` in the sandbox over starting it directly (target: at most 10 ms median).
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Sandbox [-- RUNS]
using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Sandbox;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var workspace = Directory.CreateTempSubdirectory("leviathan-perf-sandbox-").FullName;
try
{
    var direct = await MeasureAsync("direct exec of /bin/true (Process.Start, redirected)", runs, DirectAsync);
    var full = await MeasureAsync("bwrap + cgroups (memory, cpu, pids) + rlimits", runs, Sandboxed(new SandboxOptions(), workspace));
    var noCgroups = await MeasureAsync("bwrap + rlimits, cgroups off", runs, Sandboxed(new SandboxOptions { Cgroups = false }, workspace));
    var none = await MeasureAsync("none backend (cgroups + rlimits, no isolation)", runs, Sandboxed(new SandboxOptions { Kind = SandboxKind.None }, workspace));

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overhead of the default sandbox over direct exec: {full - direct:0.00} ms median (target <= 10 ms)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which cgroups: {full - noCgroups:0.00} ms; without isolation: {none - direct:0.00} ms"));
}
finally
{
    Directory.Delete(workspace, recursive: true);
}

static async Task<double> MeasureAsync(string name, int runs, Func<Task> action)
{
    for (var i = 0; i < Math.Max(10, runs / 10); i++)
    {
        await action();
    }

    var samples = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(samples);
    var median = samples[runs / 2];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-55} median {median,7:0.00} ms   p10 {samples[runs / 10],7:0.00}   p90 {samples[runs * 9 / 10],7:0.00}   ({runs} runs)"));
    return median;
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
