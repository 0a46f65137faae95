using System.CommandLine;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan sim validate|run</c>: check and simulate MJCF models in MuJoCo 2.2.2.</summary>
internal static class SimCommands
{
    private const string MaxSpeedKey = "sim:max_speed";

    public static Command Create(CliEnvironment environment)
    {
        var sim = new Command("sim", "Validate and simulate MJCF models in MuJoCo");
        sim.Subcommands.Add(Validate(environment));
        sim.Subcommands.Add(Run(environment));
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
                MaxSpeed = context.Config.Settings<SimSettings>().MaxSpeed,
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
                MaxSpeed = context.Config.Settings<SimSettings>().MaxSpeed,
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

    private static SimulationClient CreateClient(CliContext context) => new(new SimulationClientOptions
    {
        MaxWorkers = 1,
        RequestTimeout = TimeSpan.FromSeconds(context.Config.Settings<SimSettings>().TimeoutSeconds),
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
