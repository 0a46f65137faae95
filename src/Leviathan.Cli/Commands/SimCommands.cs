using System.CommandLine;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Leviathan.Cli.Hosting;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan sim validate|run|render</c>: check, simulate and draw MJCF models in MuJoCo 2.2.2.</summary>
internal static class SimCommands
{
    private const string MaxSpeedKey = "sim:max_speed";
    private const string TimeoutKey = "sim:timeout_s";

    public static Command Create(CliEnvironment environment)
    {
        var sim = new Command("sim", "Validate, simulate and render MJCF models in MuJoCo");
        sim.Subcommands.Add(Validate(environment));
        sim.Subcommands.Add(Run(environment));
        sim.Subcommands.Add(Render(environment));
        return sim;
    }

    private static Command Validate(CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The MJCF model (.xml); assets resolve from its folder" };
        var frames = new Option<int>("--frames") { Description = "Physics steps to run looking for instability", DefaultValueFactory = _ => 500 };
        var penetration = new Option<double>("--penetration-mm") { Description = "Largest geom overlap accepted at t = 0, in mm", DefaultValueFactory = _ => 1.0 };
        var maxSpeed = new Option<double?>("--max-speed") { Description = $"Joint speed (m/s or rad/s) that counts as instability (config {MaxSpeedKey}, default 1000)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("validate", "Check that a model is well-formed, compiles, does not overlap at t = 0 and stays stable (exit 0 valid, 1 invalid, 2 usage)")
        {
            file, frames, penetration, maxSpeed, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = ModelPath(context, context.ParseResult.GetValue(file)!);
            var frameCount = context.ParseResult.GetValue(frames);
            if (frameCount is < 0 or > 10_000_000)
            {
                throw CliException.Usage($"--frames must be from 0 to 10000000, not {frameCount}");
            }

            var tolerance = context.ParseResult.GetValue(penetration);
            if (!double.IsFinite(tolerance) || tolerance < 0)
            {
                throw CliException.Usage($"--penetration-mm must be a number of millimetres >= 0, not {tolerance.ToString(CultureInfo.InvariantCulture)}");
            }

            context.Override(MaxSpeedKey, context.ParseResult.GetValue(maxSpeed)?.ToString(CultureInfo.InvariantCulture));
            var options = new ValidationOptions
            {
                Frames = frameCount,
                PenetrationToleranceMm = tolerance,
                MaxSpeed = context.Config.GetDouble(MaxSpeedKey, 1e-9, 1e12, 1000),
            };

            using var client = CreateClient(context);
            var report = await Guard(() => client.ValidateAsync(ModelSource.FromFile(path), options, cancellationToken));
            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(SimulationJson.Serialize(report));
            }
            else
            {
                await WriteReportAsync(context.Stdout, path, report);
            }

            return report.Valid ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    private static Command Run(CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The MJCF model (.xml)" };
        var seconds = new Option<double>("--seconds") { Description = "Simulated time to run", Required = true };
        var controls = new Option<string[]>("--ctrl") { Description = "Constant control for an actuator, NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = true };
        var record = new Option<string?>("--record") { Description = "Write the body positions over time to this JSON-lines file" };
        var bodies = new Option<string[]>("--body") { Description = "Body to track (repeatable; default: every named body)", AllowMultipleArgumentsPerToken = true };
        var rate = new Option<double>("--rate") { Description = "Recording samples per simulated second", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("run", "Simulate a model with constant controls and print the final positions of bodies")
        {
            file, seconds, controls, record, bodies, rate, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = ModelPath(context, context.ParseResult.GetValue(file)!);
            var duration = context.ParseResult.GetValue(seconds);
            if (!double.IsFinite(duration) || duration <= 0 || duration > 1e6)
            {
                throw CliException.Usage($"--seconds must be a positive number of seconds, not {duration.ToString(CultureInfo.InvariantCulture)}");
            }

            var sampleRate = context.ParseResult.GetValue(rate);
            if (!double.IsFinite(sampleRate) || sampleRate <= 0)
            {
                throw CliException.Usage($"--rate must be a number of samples per simulated second greater than 0, not {sampleRate.ToString(CultureInfo.InvariantCulture)}");
            }

            var tracked = context.ParseResult.GetValue(bodies) is { Length: > 0 } named ? named.Distinct(StringComparer.Ordinal).ToList() : NamedBodies(path);
            var request = new SimulationRequest
            {
                Model = ModelSource.FromFile(path),
                Seconds = duration,
                Controls = ParseControls(context.ParseResult.GetValue(controls) ?? []),
                Bodies = tracked,
                SampleRateHz = sampleRate,
                MaxSpeed = context.Config.GetDouble(MaxSpeedKey, 1e-9, 1e12, 1000),
            };

            var recordPath = context.ParseResult.GetValue(record) is { } r ? OutputPath.Resolve(context, "--record", r) : null;

            using var client = CreateClient(context);
            var result = await Guard(() => client.SimulateAsync(request, cancellationToken));
            if (result.Error is { } error)
            {
                throw error.Code == FindingCodes.UnknownName
                    ? CliException.Usage(error.Message, "check the names in the model file")
                    : CliException.Failed($"{path} cannot be simulated: {error}", $"run 'leviathan sim validate {path}' for a full check");
            }

            if (recordPath is not null)
            {
                await using var writer = new StreamWriter(recordPath);
                await SimulationJson.WriteTrajectoryAsync(result, writer, cancellationToken);
            }

            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(SimulationJson.Serialize(result));
            }
            else
            {
                await WriteResultAsync(context.Stdout, result, recordPath);
            }

            foreach (var warning in result.Warnings)
            {
                await context.Stderr.WriteLineAsync($"warning: {warning}");
            }

            if (result.Instability is { } instability)
            {
                await context.Stderr.WriteLineAsync($"error: {instability.Reason}");
                await context.Stderr.WriteLineAsync("hint: positions after this point are meaningless; the run stopped there");
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
    }

    private static Command Render(CliEnvironment environment)
    {
        var file = new Argument<string>("SCENE") { Description = "The MJCF model (.xml); assets resolve from its folder" };
        var output = new Option<string>("--out") { Description = "Folder for the PNG frames (created when missing), named FRAME-VIEW-NNNN.png", Required = true };
        var time = new Option<double>("--time") { Description = "Simulated seconds the frames span (default 0: the initial state only)", DefaultValueFactory = _ => 0 };
        var frames = new Option<int?>("--frames") { Description = "Frames spread evenly from t = 0 to --time, both ends included (default 1 for a still; else 5, or 30 per second with --video)" };
        var camera = new Option<string[]>("--camera") { Description = $"View: {CameraViews.Names} (repeatable; default iso)", AllowMultipleArgumentsPerToken = true };
        var video = new Option<string?>("--video") { Description = "Also write the frames as an MP4 video (H.264 through ffmpeg), played at the simulation's speed" };
        var size = new Option<string>("--size") { Description = "Image size WxH in pixels", DefaultValueFactory = _ => "640x480" };
        var controls = new Option<string[]>("--ctrl") { Description = "Constant control for an actuator, NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("render", "Draw a simulation with MuJoCo's renderer offscreen: PNG frames, and an MP4 with --video (exit 0 drawn, 1 the model failed, 2 usage)")
        {
            file, output, time, frames, camera, video, size, controls, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = ModelPath(context, context.ParseResult.GetValue(file)!);
            var seconds = context.ParseResult.GetValue(time);
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > 1e5)
            {
                throw CliException.Usage($"--time must be a number of seconds from 0 to 100000, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }

            var (width, height) = ParseSize(context.ParseResult.GetValue(size)!);
            var views = ParseCameras(context.ParseResult.GetValue(camera) ?? []);
            var videoPath = context.ParseResult.GetValue(video) is { } v ? OutputPath.Resolve(context, "--video", v) : null;
            if (videoPath is not null && views.Count != 1)
            {
                throw CliException.Usage("--video needs exactly one --camera", "render one view per video");
            }

            var count = context.ParseResult.GetValue(frames) ?? (seconds == 0 ? 1 : videoPath is not null ? (int)Math.Round(seconds * 30) + 1 : 5);
            if (count is < 1 or > RenderRequest.MaxFrames)
            {
                throw CliException.Usage($"--frames must be from 1 to {RenderRequest.MaxFrames}, not {count}");
            }

            if (count > 1 && seconds == 0)
            {
                throw CliException.Usage($"{count} frames need a time span", "add --time SECONDS, e.g. --time 2");
            }

            var request = new RenderRequest
            {
                Model = ModelSource.FromFile(path),
                OutputDirectory = OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!),
                Seconds = seconds,
                Frames = count,
                Cameras = views,
                Width = width,
                Height = height,
                Controls = ParseControls(context.ParseResult.GetValue(controls) ?? []),
                VideoPath = videoPath,
            };

            using var client = CreateClient(context);
            var renderer = new SceneRenderer(client, new SceneRendererOptions { SearchPath = context.Environment.Variables.GetValueOrDefault("PATH") ?? string.Empty });
            var result = await Guard(() => renderer.RenderAsync(request, cancellationToken));
            if (result.Error is { } error)
            {
                throw error.Code == FindingCodes.UnknownName
                    ? CliException.Usage(error.Message, "check the names in the model file")
                    : CliException.Failed($"{path} cannot be rendered: {error}", $"run 'leviathan sim validate {path}' for a full check");
            }

            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(SimulationJson.Serialize(result));
            }
            else
            {
                await WriteRenderAsync(context.Stdout, request, result);
            }

            foreach (var warning in result.Warnings)
            {
                await context.Stderr.WriteLineAsync($"warning: {warning}");
            }

            if (result.Instability is { } instability)
            {
                await context.Stderr.WriteLineAsync($"error: {instability.Reason}");
                await context.Stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"hint: frames stop at t = {instability.Time:0.###} s, where the simulation diverged"));
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
    }

    private static (int Width, int Height) ParseSize(string value)
    {
        var parts = value.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width is >= 1 and <= RenderRequest.MaxSize
            && height is >= 1 and <= RenderRequest.MaxSize)
        {
            return (width, height);
        }

        throw CliException.Usage($"--size '{value}' is not WIDTHxHEIGHT with each from 1 to {RenderRequest.MaxSize}", "for example --size 640x480");
    }

    private static List<CameraView> ParseCameras(string[] values)
    {
        var views = new List<CameraView>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!CameraViews.TryParse(value, out var view))
            {
                throw CliException.Usage($"--camera '{value}' is not a view", $"use one of {CameraViews.Names}");
            }

            if (!views.Contains(view))
            {
                views.Add(view);
            }
        }

        return views.Count == 0 ? [CameraView.Iso] : views;
    }

    private static async Task WriteRenderAsync(TextWriter output, RenderRequest request, RenderResult result)
    {
        var views = string.Join(", ", request.Cameras.Select(CameraViews.Name));
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"rendered {Count(result.Frames.Count, "frame")} ({result.Width}x{result.Height}, {views}) to {request.OutputDirectory} in {result.RenderWallSeconds:0.00} s"));
        var shown = result.Frames.Count <= 10 ? result.Frames : [.. result.Frames.Take(3), .. result.Frames.TakeLast(2)];
        for (var i = 0; i < shown.Count; i++)
        {
            if (result.Frames.Count > 10 && i == 3)
            {
                await output.WriteLineAsync($"  ... {result.Frames.Count - 5} more");
            }

            var frame = shown[i];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  t = {frame.Time,8:0.000} s  {frame.Path}"));
        }

        if (result.VideoPath is { } video)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"video: {video} ({result.Frames.Count} frames at {result.VideoFps:0.##} frames/s)"));
        }
    }

    private static SimulationClient CreateClient(CliContext context) => new(new SimulationClientOptions
    {
        MaxWorkers = 1,
        RequestTimeout = TimeSpan.FromSeconds(context.Config.GetDouble(TimeoutKey, 1, 86_400, 600)),
    });

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SimulationException ex)
        {
            throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo 2.2.2 and rebuild, or raise sim:timeout_s for long runs", ex);
        }
    }

    private static string ModelPath(CliContext context, string file)
    {
        var path = Path.GetFullPath(file, context.Environment.WorkingDirectory);
        if (Directory.Exists(path))
        {
            throw CliException.Usage($"{path} is a folder, not a model file", "pass the MJCF .xml file");
        }

        if (!File.Exists(path))
        {
            throw CliException.Usage($"the model file {path} does not exist", "check the path");
        }

        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"the model file {path} cannot be read: {ex.Message}", "check its permissions");
        }

        return path;
    }

    private static Dictionary<string, ControlSignal> ParseControls(string[] values)
    {
        var controls = new Dictionary<string, ControlSignal>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0
                || !double.TryParse(value[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !double.IsFinite(number))
            {
                throw CliException.Usage($"--ctrl '{value}' is not NAME=VALUE", "for example --ctrl drive=0.5");
            }

            controls[value[..equals]] = ControlSignal.Constant(number);
        }

        return controls;
    }

    /// <summary>Every named body in the file, for runs without --body.</summary>
    private static List<string> NamedBodies(string path)
    {
        try
        {
            return [.. XDocument.Load(path).Descendants("body").Select(b => (string?)b.Attribute("name")).OfType<string>().Distinct(StringComparer.Ordinal)];
        }
        catch (XmlException ex)
        {
            throw CliException.Failed($"{path} is not well-formed XML: {ex.Message}", $"run 'leviathan sim validate {path}'");
        }
    }

    private static async Task WriteReportAsync(TextWriter output, string path, ValidationReport report)
    {
        foreach (var error in report.Errors)
        {
            await output.WriteLineAsync($"error    {error}");
        }

        foreach (var warning in report.Warnings)
        {
            await output.WriteLineAsync($"warning  {warning}");
        }

        var stats = report.Stats;
        var summary = report.Compiled
            ? string.Create(
                CultureInfo.InvariantCulture,
                $" ({stats.NBody} bodies, {stats.NGeom} geoms, {stats.NJnt} joints, {stats.Nu} actuators; {stats.Frames} frames = {stats.SimTimeSeconds:0.###} s simulated; max penetration {stats.MaxPenetrationMm:0.###} mm)")
            : string.Empty;
        var verdict = report.Valid ? "valid" : $"INVALID: {Count(report.Errors.Count, "error")}";
        var warnings = report.Warnings.Count > 0 ? $", {Count(report.Warnings.Count, "warning")}" : string.Empty;
        await output.WriteLineAsync($"{Path.GetFileName(path)}: {verdict}{warnings}{summary}");
    }

    private static async Task WriteResultAsync(TextWriter output, SimulationResult result, string? recordPath)
    {
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"simulated {result.SimulatedSeconds:0.####} s ({result.Steps} steps of {result.Timestep:0.#####} s)"));
        if (result.FinalPoses.Count > 0)
        {
            var width = Math.Max(4, result.FinalPoses.Keys.Max(k => k.Length));
            await output.WriteLineAsync($"{"body".PadRight(width)}  {"x",10} {"y",10} {"z",10}");
            foreach (var (name, pose) in result.FinalPoses)
            {
                var p = pose.Position;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name.PadRight(width)}  {Display(p.X),10:0.00000} {Display(p.Y),10:0.00000} {Display(p.Z),10:0.00000}"));
            }
        }

        foreach (var (name, forces) in result.Actuators)
        {
            var range = forces.ForceMax is { } max
                ? string.Create(CultureInfo.InvariantCulture, $"at its force range [{forces.ForceMin:0.####}, {max:0.####}] for {forces.SecondsAtLimit:0.###} s") +
                    (forces.LongestAtLimitFrom is { } from ? string.Create(CultureInfo.InvariantCulture, $" (longest {forces.LongestAtLimit:0.###} s from t = {from:0.###} s)") : string.Empty)
                : "no force range";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"actuator {name}: peak |force| {forces.PeakForce:0.#####} at t = {forces.PeakTime:0.###} s; {range}"));
        }

        if (recordPath is not null)
        {
            await output.WriteLineAsync($"recorded {result.SampleTimes.Count} samples to {recordPath}");
        }
    }

    /// <summary>Rounded to the printed precision, so a tiny negative value does not print as "-0.00000".</summary>
    private static double Display(double value) => Math.Round(value, 5) + 0.0;

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
