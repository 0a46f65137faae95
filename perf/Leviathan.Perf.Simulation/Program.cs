using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;

// Simulation benchmarks. Run: dotnet run -c Release --project perf/Leviathan.Perf.Simulation [-- --rounds N [--only MODEL|validation|exact|render|screening]]
// 1. Stepping throughput through the C# API vs Debian's mujoco-testspeed on the same model, alternating, medians.
// 2. Validation of humanoid.xml (500 frames) after warm-up, wall time seen by the caller.
// 3. Many short simulations through the worker pool (the benchmark generator's pattern).
// 4. Exact penetration check of a 5-part scene (mesh parts, box payload and floor): validation at t = 0 only.
// 5. Rendering (what `sim render` does): 100 frames at 640x480 of a benchmark-like scene, PNG files; then the same as MP4.
// 6. Screening simulations as benchmark generation runs them (a lift scene: a mesh plate on a slider motor under a ball,
//    keyframe control, 100 Hz samples, stop rules; the ball's start moves every run, so every model is compiled anew):
//    CPU per simulation split into stepping (the worker's stepping thread), the rest of the worker (compiling, JSON)
//    and the host (checks, JSON, pipes), and the same with the compiled model cached (what compiling costs).
var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var only = args.Length >= 4 && args[2] == "--only" ? args[3] : null;
const string Models = "/usr/share/mujoco/model";
var ct = CancellationToken.None;

using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = Environment.ProcessorCount });
await client.WarmUpAsync(Environment.ProcessorCount, ct);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, rounds {rounds}");
Console.WriteLine();
Console.WriteLine("1. stepping throughput in steps/s, medians of rounds, alternating runs");
Console.WriteLine("   wall: testspeed's own figure vs the worker's step loop; e2e: the caller's view incl. load + transport");
Console.WriteLine("   cpu: steps per CPU-second (testspeed: process CPU of N steps minus that of 1 step; C#: the stepping thread's CPU),");
Console.WriteLine("        which stays meaningful when other processes compete for the cores");
Console.WriteLine($"{"model",-28} {"steps",7} {"testspeed",11} {"C# API",11} {"ratio",6} {"C# e2e",11} | {"ts cpu",11} {"C# cpu",11} {"ratio",6}");
foreach (var (file, steps) in new[] { ("humanoid/humanoid.xml", 20_000), ("slider_crank/slider_crank.xml", 100_000), ("mug/mug.xml", 50_000), ("humanoid/22_humanoids.xml", 2_000) })
{
    if (only is not null && !file.Contains(only, StringComparison.Ordinal))
    {
        continue;
    }

    var path = Path.Combine(Models, file);
    var native = new List<double>();
    var managed = new List<double>();
    var endToEnd = new List<double>();
    var nativeCpu = new List<double>();
    var managedCpu = new List<double>();
    var model = ModelSource.FromFile(path);
    var timestep = (await client.SimulateAsync(new SimulationRequest { Model = model, Seconds = 0 }, ct)).Timestep;
    for (var round = 0; round < rounds; round++)
    {
        var (wallRate, cpuFull) = TestSpeed(path, steps);
        var (_, cpuOne) = TestSpeed(path, 1);
        native.Add(wallRate);
        nativeCpu.Add((steps - 1) / Math.Max(1e-9, cpuFull - cpuOne));
        var watch = Stopwatch.StartNew();
        var result = await client.SimulateAsync(new SimulationRequest { Model = model, Seconds = steps * timestep, SampleRateHz = 0 }, ct);
        watch.Stop();
        if (result.Steps != steps)
        {
            throw new InvalidOperationException($"{file}: ran {result.Steps} steps, expected {steps}: {result.Error?.Message ?? result.Instability?.Reason}");
        }

        managed.Add(steps / result.StepWallSeconds);
        managedCpu.Add(steps / result.StepCpuSeconds);
        endToEnd.Add(steps / watch.Elapsed.TotalSeconds);
    }

    var ratio = Median(managed) / Median(native);
    var cpuRatio = Median(managedCpu) / Median(nativeCpu);
    Console.WriteLine($"{file,-28} {steps,7} {Median(native),11:N0} {Median(managed),11:N0} {ratio,6:0.00} {Median(endToEnd),11:N0} | {Median(nativeCpu),11:N0} {Median(managedCpu),11:N0} {cpuRatio,6:0.00}");
}

if (only is null || only == "exact")
{
    await ExactCheckAsync(client, rounds, ct);
}

if (only is null || only == "render")
{
    await RenderAsync(client, rounds, ct);
}

if (only is null || only == "screening")
{
    await ScreeningAsync(client, rounds, ct);
}

if (only is not null && only != "validation")
{
    return;
}

Console.WriteLine();
Console.WriteLine("2. validation of humanoid.xml (500 frames) after warm-up");
var humanoidPath = Path.Combine(Models, "humanoid/humanoid.xml");
var humanoidText = File.ReadAllText(humanoidPath);
var validationRuns = Math.Max(10, rounds * 4);
for (var i = 0; i < 3; i++)
{
    await client.ValidateAsync(ModelSource.FromFile(humanoidPath), cancellationToken: ct);
}

// unchanged file: the worker reuses the compiled model; changed text (a new comment each time): compiled again
foreach (var (label, source) in new (string, Func<int, ModelSource>)[]
{
    ("unchanged (compiled model cached)", _ => ModelSource.FromFile(humanoidPath)),
    ("changed each time (compiled anew)", i => ModelSource.FromXml($"{humanoidText}\n<!-- {i} -->", Path.GetDirectoryName(humanoidPath)!)),
})
{
    var validations = new List<double>();
    var cpuBefore = FamilyCpuSeconds();
    for (var i = 0; i < validationRuns; i++)
    {
        var watch = Stopwatch.StartNew();
        var report = await client.ValidateAsync(source(i), cancellationToken: ct);
        watch.Stop();
        if (!report.Valid)
        {
            throw new InvalidOperationException($"humanoid.xml is invalid: {string.Join("; ", report.Errors)}");
        }

        validations.Add(watch.Elapsed.TotalMilliseconds);
    }

    var cpuPerValidation = (FamilyCpuSeconds() - cpuBefore) / validations.Count * 1000;
    Console.WriteLine($"{label}: wall median {Median(validations):0.0} ms (min {validations.Min():0.0}, max {validations.Max():0.0}, {validations.Count} runs); " +
        $"cpu {cpuPerValidation:0.0} ms per validation, host + workers (target < 50 ms)");
}

Console.WriteLine();
Console.WriteLine($"3. 400 one-second simulations of a falling box, {Environment.ProcessorCount} workers in parallel");
var box = ModelSource.FromXml("""
    <mujoco>
      <worldbody>
        <geom type="plane" size="5 5 0.1"/>
        <body name="box" pos="0 0 0.5"><freejoint/><geom type="box" size="0.1 0.1 0.1"/></body>
      </worldbody>
    </mujoco>
    """, Path.GetTempPath());
var batch = Stopwatch.StartNew();
var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ =>
    client.SimulateAsync(new SimulationRequest { Model = box, Seconds = 1, Bodies = ["box"], SampleRateHz = 50 }, ct)));
batch.Stop();
Console.WriteLine($"{results.Length / batch.Elapsed.TotalSeconds:0} simulations/s ({batch.Elapsed.TotalSeconds:0.00} s total, all succeeded: {results.All(r => r.Succeeded)})");

// Five mesh parts (three boxes, two 64-sided prisms) on free joints, pressed into each other, the box payload and
// the box floor so that every pair is in contact and gets its exact depth; the model is compiled once (cached),
// so the figure is the check itself plus the round trip to the worker.
static async Task ExactCheckAsync(SimulationClient client, int rounds, CancellationToken ct)
{
    Console.WriteLine();
    Console.WriteLine("4. exact penetration check of a 5-part scene (5 mesh parts, box payload, box floor; 0 frames)");
    var folder = Directory.CreateTempSubdirectory("leviathan-perf-exact").FullName;
    try
    {
        WriteStl(Path.Combine(folder, "box.stl"), Prism(4, 0.04, 0.03));
        WriteStl(Path.Combine(folder, "round.stl"), Prism(64, 0.03, 0.05));
        var xml = """
            <mujoco>
              <asset><mesh name="box" file="box.stl"/><mesh name="round" file="round.stl"/></asset>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01"/>
                <body name="payload" pos="0 0 0.024"><freejoint/><geom name="payload" type="box" size="0.025 0.025 0.025"/></body>
                <body name="p1" pos="0.045 0 0.014" euler="0 0 20"><freejoint/><geom name="p1" type="mesh" mesh="box"/></body>
                <body name="p2" pos="-0.045 0 0.014" euler="0 0 -15"><freejoint/><geom name="p2" type="mesh" mesh="box"/></body>
                <body name="p3" pos="0 0.05 0.014" euler="0 0 45"><freejoint/><geom name="p3" type="mesh" mesh="box"/></body>
                <body name="p4" pos="0 -0.05 0.024"><freejoint/><geom name="p4" type="mesh" mesh="round"/></body>
                <body name="p5" pos="0.03 -0.09 0.024" euler="0 0 10"><freejoint/><geom name="p5" type="mesh" mesh="round"/></body>
              </worldbody>
            </mujoco>
            """;
        var options = new Leviathan.Simulation.Validation.ValidationOptions { Frames = 0 };
        var runs = Math.Max(20, rounds * 10);

        // The same scene with collisions off (no contacts, so no exact depths): what the check adds is the difference.
        foreach (var (label, text) in new[] { ("exact check", xml), ("collisions off", xml.Replace("<geom name=\"p", "<geom contype=\"0\" conaffinity=\"0\" name=\"p", StringComparison.Ordinal)) })
        {
            var source = ModelSource.FromXml(text, folder);
            var first = await client.ValidateAsync(source, options, ct);
            var times = new List<double>();
            var checkCpu = new List<double>();
            var cpuBefore = FamilyCpuSeconds();
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                var report = await client.ValidateAsync(source, options, ct);
                watch.Stop();
                times.Add(watch.Elapsed.TotalMilliseconds);
                checkCpu.Add(report.Stats.PenetrationCheckCpuMs);
                if (report.Stats.MaxPenetrationMm != first.Stats.MaxPenetrationMm)
                {
                    throw new InvalidOperationException("the exact check is not repeatable");
                }
            }

            var cpu = (FamilyCpuSeconds() - cpuBefore) / runs * 1000;
            Console.WriteLine($"{label}: {first.Errors.Count} pairs over 1 mm, deepest {first.Stats.MaxPenetrationMm:0.###} mm; " +
                $"check itself (mj_forward + exact depths, worker thread CPU) median {Median(checkCpu):0.00} ms; cpu {cpu:0.00} ms per validation (host + workers); wall median {Median(times):0.00} ms (min {times.Min():0.00}, {runs} runs, incl. the worker round trip)");
        }
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

// A closed prism with n sides around Z: circumradius r, height h, centred on the origin.
static List<float[]> Prism(int sides, double radius, double height)
{
    var triangles = new List<float[]>();
    float X(int i) => (float)(radius * Math.Cos((2 * Math.PI * i / sides) + (Math.PI / sides)));
    float Y(int i) => (float)(radius * Math.Sin((2 * Math.PI * i / sides) + (Math.PI / sides)));
    var top = (float)(height / 2);
    for (var i = 0; i < sides; i++)
    {
        var j = (i + 1) % sides;
        triangles.Add([0, 0, top, X(i), Y(i), top, X(j), Y(j), top]);
        triangles.Add([0, 0, -top, X(j), Y(j), -top, X(i), Y(i), -top]);
        triangles.Add([X(i), Y(i), -top, X(j), Y(j), -top, X(j), Y(j), top]);
        triangles.Add([X(i), Y(i), -top, X(j), Y(j), top, X(i), Y(i), top]);
    }

    return triangles;
}

static void WriteStl(string path, List<float[]> triangles)
{
    using var writer = new BinaryWriter(File.Create(path));
    writer.Write(new byte[80]);
    writer.Write((uint)triangles.Count);
    foreach (var t in triangles)
    {
        writer.Write(0f);
        writer.Write(0f);
        writer.Write(0f);
        foreach (var v in t)
        {
            writer.Write(v);
        }

        writer.Write((ushort)0);
    }
}

static (double WallStepsPerSecond, double CpuSeconds) TestSpeed(string path, int steps)
{
    // GNU time reports the child's user + system CPU seconds on stderr
    var info = new ProcessStartInfo("/usr/bin/time", ["-f", "LEVIATHAN_CPU %U %S", "mujoco-testspeed", path, steps.ToString(CultureInfo.InvariantCulture), "1", "0"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = true,
        WorkingDirectory = Path.GetTempPath(),
    };
    using var process = Process.Start(info)!;
    process.StandardInput.Close();
    var errors = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var cpu = Regex.Match(errors.Result, @"LEVIATHAN_CPU ([0-9.]+) ([0-9.]+)");
    var match = Regex.Match(output, @"Steps per second\s*:\s*([0-9.]+)");
    return match.Success && cpu.Success
        ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
           double.Parse(cpu.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(cpu.Groups[2].Value, CultureInfo.InvariantCulture))
        : throw new InvalidOperationException($"mujoco-testspeed printed no speed or /usr/bin/time no CPU figure: {output} {errors.Result}");
}

// 6. What one screening simulation of benchmark generation costs, and where its CPU goes.
static async Task ScreeningAsync(SimulationClient client, int rounds, CancellationToken ct)
{
    Console.WriteLine();
    Console.WriteLine("6. screening simulations (lift scene: mesh plate on a slider motor, ball, 3.5 s, 100 Hz samples, stop rules)");
    var folder = Directory.CreateTempSubdirectory("leviathan-perf-screening").FullName;
    try
    {
        WriteStl(Path.Combine(folder, "plate.stl"), Prism(4, 0.06, 0.009));
        string Scene(int i) => string.Create(CultureInfo.InvariantCulture, $"""
            <mujoco model="screening-bench">
              <compiler angle="radian"/>
              <option timestep="0.002" gravity="0 0 -9.81"/>
              <asset><mesh name="plate" file="plate.stl"/></asset>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01" friction="0.6 0.005 0.0001"/>
                <geom name="shelf" type="box" size="0.125 0.15 0.0699" pos="0.1981 0 0.0699" friction="0.88 0.005 0.0001"/>
                <site name="zone-goal" type="box" size="0.105 0.15 0.05" pos="0.1881 0 0.1898"/>
                <body name="ball" pos="{0.0177 + (0.0001 * (i % 37)):0.0000} {-0.004 + (0.0001 * (i % 23)):0.0000} 0.0600">
                  <freejoint/>
                  <geom name="ball" type="sphere" size="0.02" density="7850" friction="0.77 0.005 0.0001"/>
                </body>
                <body name="motor-lifter" pos="0.0131 0 0.015">
                  <joint name="joint-lifter" type="slide" axis="0 0 1" limited="true" range="0 0.2" damping="3.29" armature="0.01"/>
                  <geom name="hub" type="sphere" size="0.01" mass="0.01" contype="0" conaffinity="0"/>
                  <body name="plate" pos="0.0036 0.0044 0.0045"><geom name="plate" type="mesh" mesh="plate" density="1240"/></body>
                </body>
              </worldbody>
              <actuator>
                <position name="lifter" joint="joint-lifter" ctrllimited="true" ctrlrange="0 0.2" forcelimited="true" forcerange="-13.5 13.5" kp="270"/>
              </actuator>
            </mujoco>
            """);
        SimulationRequest Request(string xml) => new()
        {
            Model = ModelSource.FromXml(xml, folder),
            Seconds = 3.5,
            Controls = new Dictionary<string, ControlSignal> { ["lifter"] = ControlSignal.Keyframes([new(0.413, 0), new(1.774, 0.1756)]) },
            Bodies = ["ball"],
            SampleRateHz = 100,
            StopWhen = new SimulationStopRules
            {
                Body = "ball",
                WorldMin = new Leviathan.Simulation.Vec3(-0.8, -0.45, -0.12),
                WorldMax = new Leviathan.Simulation.Vec3(0.8, 0.45, 1.24),
                RestSpeed = 1e-4,
                RestSeconds = 0.1,
                HoldMin = new Leviathan.Simulation.Vec3(0.0881, -0.15, 0.1398),
                HoldMax = new Leviathan.Simulation.Vec3(0.2881, 0.15, 0.2398),
                HoldSeconds = 0.5,
                HoldSpeed = 0.05,
            },
        };

        // First the workers' first simulations (their JIT included; with --only screening the workers are fresh), then,
        // after a warm-up, the steady state of a long generation run, compiled anew and with the compiled model cached.
        var runs = Math.Max(100, rounds * 60);
        var phases = new (string Label, Func<int, string> Scene, int Runs, bool Report)[]
        {
            ("first 100 of the workers (JIT included)", i => Scene(1000 + i), 100, true),
            ("warm-up", i => Scene(2000 + i), runs, false),
            ("compiled anew (generation)", Scene, runs, true),
            ("compiled model cached", _ => Scene(0), runs, true),
        };
        foreach (var (label, scene, count, report) in phases)
        {
            var walls = new List<double>();
            var stepCpu = 0.0;
            var steps = 0L;
            var (hostBefore, workersBefore) = SplitCpuSeconds();
            for (var i = 0; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = await client.SimulateAsync(Request(scene(i)), ct);
                watch.Stop();
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"the screening scene failed: {result.Error?.Message ?? result.Instability?.Reason}");
                }

                walls.Add(watch.Elapsed.TotalMilliseconds);
                stepCpu += result.StepCpuSeconds;
                steps += result.Steps;
            }

            if (!report)
            {
                continue;
            }

            var (hostAfter, workersAfter) = SplitCpuSeconds();
            var host = (hostAfter - hostBefore) / count * 1000;
            var worker = (workersAfter - workersBefore) / count * 1000;
            var step = stepCpu / count * 1000;
            Console.WriteLine($"{label}: {count} runs, {steps / count} steps each on average; CPU ms per simulation: total {host + worker:0.00} = " +
                $"stepping {step:0.00} + worker besides stepping {worker - step:0.00} (compiling, JSON) + host {host:0.00} (checks, JSON, pipes); wall median {Median(walls):0.00} ms");
        }
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

// CPU seconds of this process and of its children (the workers) apart, from /proc; clock ticks are 1/100 s.
static (double Host, double Workers) SplitCpuSeconds()
{
    var self = Environment.ProcessId;
    var host = 0.0;
    var workers = 0.0;
    foreach (var folder in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(folder), out var pid))
        {
            continue;
        }

        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(folder, "stat"));
        }
        catch (IOException)
        {
            continue;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        if (pid == self)
        {
            host += cpu;
        }
        else if (int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
        {
            workers += cpu;
        }
    }

    return (host, workers);
}

// CPU seconds of this process and its children (the workers) together.
static double FamilyCpuSeconds()
{
    var (host, workers) = SplitCpuSeconds();
    return host + workers;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// 5. `sim render` of 100 frames at 640x480: frames per second seen by the caller (load, simulation, drawing, PNG
// encoding and transport), and the worker's drawing + encoding alone.
static async Task RenderAsync(SimulationClient client, int rounds, CancellationToken ct)
{
    const string Scene = """
        <mujoco model="render-bench">
          <option timestep="0.002"/>
          <worldbody>
            <geom name="floor" type="box" size="0.8 0.4 0.01" pos="0 0 -0.01" rgba="0.6 0.6 0.6 1"/>
            <geom name="wall" type="box" size="0.01 0.4 0.15" pos="0.71 0 0.15" rgba="0.6 0.6 0.6 1"/>
            <geom name="ramp" type="box" size="0.25 0.06 0.005" pos="-0.2 0 0.2" euler="0 0.3 0" rgba="0.55 0.35 0.2 1"/>
            <site name="zone-goal" type="box" size="0.2 0.2 0.075" pos="0.5 0 0.075" rgba="0.1 0.9 0.2 0.2"/>
            <site name="zone-forbid" type="box" size="0.1 0.4 0.015" pos="0 0 0.015" rgba="1 0.1 0.1 0.2"/>
            <body name="ball" pos="-0.3 0 0.4"><freejoint/><geom type="sphere" size="0.02" rgba="0.9 0.4 0.1 1"/></body>
          </worldbody>
        </mujoco>
        """;
    var folder = Path.Combine(Path.GetTempPath(), "leviathan-perf-render-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(folder);
    try
    {
        var model = ModelSource.FromXml(Scene, folder);
        var renderer = new SceneRenderer(client);
        var request = new RenderRequest { Model = model, OutputDirectory = Path.Combine(folder, "frames"), Seconds = 3, Frames = 100, Width = 640, Height = 480 };
        await renderer.RenderAsync(request with { Frames = 2 }, ct); // warm-up: the worker's OpenGL context
        var caller = new List<double>();
        var drawing = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var result = await renderer.RenderAsync(request, ct);
            watch.Stop();
            if (result.Frames.Count != 100 || !result.Succeeded)
            {
                throw new InvalidOperationException($"rendered {result.Frames.Count} frames: {result.Error?.Message ?? result.Instability?.Reason}");
            }

            caller.Add(100 / watch.Elapsed.TotalSeconds);
            drawing.Add(100 / result.RenderWallSeconds);
        }

        var videoWatch = Stopwatch.StartNew();
        var video = await renderer.RenderAsync(request with { VideoPath = Path.Combine(folder, "run.mp4") }, ct);
        videoWatch.Stop();
        Console.WriteLine();
        Console.WriteLine("5. sim render: 100 frames at 640x480 (3 s simulated), PNG files");
        Console.WriteLine($"   caller's view: {Median(caller),7:0.0} frames/s (median of {rounds}; target >= 30)");
        Console.WriteLine($"   drawing + PNG in the worker: {Median(drawing),7:0.0} frames/s");
        Console.WriteLine($"   with MP4 (ffmpeg libx264): {100 / videoWatch.Elapsed.TotalSeconds,7:0.0} frames/s overall, ffmpeg {video.VideoWallSeconds:0.00} s");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}
