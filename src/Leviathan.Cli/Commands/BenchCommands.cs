using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan bench scene|evaluate</c>: physics benchmarks and the judging of solutions, with filmstrips (<c>--render</c>).</summary>
internal static class BenchCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var bench = new Command("bench", "Physics benchmarks: write their scenes and evaluate solutions");
        bench.Subcommands.Add(Scene(environment));
        bench.Subcommands.Add(Evaluate(environment));
        bench.Subcommands.Add(BenchAttemptCommands.Create(environment));
        bench.Subcommands.Add(BenchCreateCommands.Create(environment));
        foreach (var command in BenchGenerationCommands.Create(environment))
        {
            bench.Subcommands.Add(command);
        }

        return bench;
    }

    private static Command Scene(CliEnvironment environment)
    {
        var file = new Argument<string>("BENCHMARK") { Description = "The benchmark JSON file (docs/benchmark-spec.md)" };
        var output = new Option<string>("--out") { Description = "The MJCF file to write, or - for standard output", Required = true };
        var render = RenderOption("a filmstrip of the environment alone: the payload left to itself over the time limit");
        var command = new Command("scene", "Write the benchmark's environment as MJCF (fixtures, payload, motors, zones as sites)") { file, output, render };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = CadCommands.ExistingFile(context.ParseResult.GetValue(file)!, "benchmark file");
            var benchmark = LoadBenchmark(path);
            var xml = SceneBuilder.Environment(benchmark, Path.GetDirectoryName(path)!).ToString();
            var deliveries = Deliveries.Of(benchmark);
            var summary = deliveries.Count == 1
                ? $"({benchmark.Fixtures.Count} fixtures, payload '{benchmark.Payload.Name}', {benchmark.Motors.Count} motors)"
                : $"({benchmark.Fixtures.Count} fixtures, payloads {string.Join(", ", deliveries.Select(d => $"'{d.Payload.Name}' -> goal '{d.GoalName}'"))}, {benchmark.Motors.Count} motors)";
            if (OutputPath.IsStdout(context.ParseResult.GetValue(output)))
            {
                await context.Stdout.WriteLineAsync(xml);
                await context.Stderr.WriteLineAsync($"wrote the scene to standard output {summary}");
                return ExitCodes.Success;
            }

            var target = OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!);
            await File.WriteAllTextAsync(target, xml + "\n", cancellationToken);
            await context.Stdout.WriteLineAsync($"wrote {target} {summary}");
            if (context.ParseResult.GetValue(render) is { } folder)
            {
                using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1, RequestTimeout = SimTimeout(context) });
                return await RenderFilmstripAsync(context, new SolutionFilmstrip(null, Renderer(context, simulation)), new FilmstripRequest
                {
                    Benchmark = benchmark,
                    BenchmarkDirectory = Path.GetDirectoryName(path)!,
                    OutputDirectory = OutputPath.Resolve(context, "--render", folder),
                }, context.Stdout, cancellationToken);
            }

            return ExitCodes.Success;
        });
    }

    private static Command Evaluate(CliEnvironment environment)
    {
        var file = new Argument<string>("BENCHMARK") { Description = "The benchmark JSON file" };
        var folder = new Argument<string>("SOLUTION_DIR") { Description = "The solution folder with solution.json (docs/solution-format.md)" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var samples = new Option<int>("--samples") { Description = "Seeded jitter samples; with the nominal start and the jitter corners these are the starts judged, the objective must be met in all", DefaultValueFactory = _ => EvaluationOptions.DefaultSamples };
        var scene = new Option<string?>("--scene") { Description = "Also write the assembled MJCF (payload at its nominal start) to this file" };
        var render = RenderOption("a filmstrip of the first sample with the solution's parts placed");
        var command = new Command("evaluate", "Judge a solution: CAD, manufacturability, cost, weight, zones, overlaps, then simulation (exit 0 success, 1 failure, 2 usage)")
        {
            file, folder, json, samples, scene, render,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var count = context.ParseResult.GetValue(samples);
            if (count is < 1 or > 1000)
            {
                throw CliException.Usage($"--samples must be from 1 to 1000, not {count}");
            }

            var path = CadCommands.ExistingFile(context.ParseResult.GetValue(file)!, "benchmark file");
            var benchmark = LoadBenchmark(path);
            var solutionFolder = Path.GetFullPath(context.ParseResult.GetValue(folder)!);
            if (!Directory.Exists(solutionFolder))
            {
                throw CliException.Usage($"solution folder not found: {solutionFolder}", "give the folder that holds solution.json");
            }

            SolutionSpec solution;
            try
            {
                solution = SolutionLoader.Load(solutionFolder, benchmark);
            }
            catch (SpecException ex)
            {
                throw Invalid(ex);
            }
            catch (FileNotFoundException ex)
            {
                throw CliException.Usage(ex.Message, $"a solution folder needs {SolutionLoader.FileName}; see docs/solution-format.md");
            }

            var renderFolder = context.ParseResult.GetValue(render) is { } renderPath ? OutputPath.Resolve(context, "--render", renderPath) : null;
            var analyzer = CadCommands.CreateAnalyzer(context);
            using var simulation = new SimulationClient(new SimulationClientOptions
            {
                MaxWorkers = Math.Min(Environment.ProcessorCount, count),
                RequestTimeout = SimTimeout(context),
            });
            var evaluator = new SolutionEvaluator(analyzer, simulation, context.Time);
            EvaluationReport report;
            try
            {
                report = await evaluator.EvaluateAsync(benchmark, Path.GetDirectoryName(path)!, solution, solutionFolder, new EvaluationOptions { Samples = count, SceneOutput = context.ParseResult.GetValue(scene) is { } sceneFile ? OutputPath.Resolve(context, "--scene", sceneFile) : null }, cancellationToken);
            }
            catch (SimulationException ex)
            {
                throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo 2.2.2 and rebuild, or raise sim:timeout_s for long runs", ex);
            }

            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport));
            }
            else
            {
                await WriteReportAsync(context.Stdout, report);
            }

            if (renderFolder is not null)
            {
                // with --json stdout carries the report alone
                var rendered = await RenderFilmstripAsync(context, new SolutionFilmstrip(analyzer, Renderer(context, simulation)), new FilmstripRequest
                {
                    Benchmark = benchmark,
                    BenchmarkDirectory = Path.GetDirectoryName(path)!,
                    Solution = solution,
                    SolutionDirectory = solutionFolder,
                    OutputDirectory = renderFolder,
                }, context.ParseResult.GetValue(json) ? context.Stderr : context.Stdout, cancellationToken);
                if (rendered != ExitCodes.Success)
                {
                    return rendered;
                }
            }

            return report.Success ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    private static Option<string?> RenderOption(string what) => new("--render")
    {
        Description = $"Also draw {what} (PNG frames at 0, 25, 50, 75 and 100 % of the time limit, iso view) into this folder",
    };

    private static TimeSpan SimTimeout(CliContext context) => TimeSpan.FromSeconds(context.Config.Settings<SimSettings>().TimeoutSeconds);

    private static SceneRenderer Renderer(CliContext context, SimulationClient simulation) =>
        new(simulation, new SceneRendererOptions { SearchPath = context.Environment.Variables.GetValueOrDefault("PATH") ?? string.Empty });

    /// <summary>Draws the filmstrip and lists its frames; exit 0, or 1 with the reason when nothing could be drawn.</summary>
    private static async Task<int> RenderFilmstripAsync(CliContext context, SolutionFilmstrip filmstrip, FilmstripRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        FilmstripResult result;
        try
        {
            result = await filmstrip.RenderAsync(request, cancellationToken);
        }
        catch (SimulationException ex)
        {
            throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo, EGL and Mesa, then rebuild", ex);
        }

        if (result.Error is { } error)
        {
            await context.Stderr.WriteLineAsync($"error: the filmstrip could not be drawn: {error}");
            return ExitCodes.Failed;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"filmstrip ({result.Frames.Count} frames over {result.Seconds:0.###} s) in {request.OutputDirectory}"));
        foreach (var frame in result.Frames)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {SolutionFilmstrip.Percent(frame.Fraction),7}  t = {frame.Time:0.000} s  {frame.Path}"));
        }

        if (result.Instability is { } instability)
        {
            await context.Stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warning: the filmstrip stops at t = {instability.Time:0.###} s: {instability.Reason}"));
        }

        return ExitCodes.Success;
    }

    internal static BenchmarkSpec LoadBenchmark(string path)
    {
        try
        {
            return BenchmarkLoader.Load(path);
        }
        catch (SpecException ex)
        {
            throw Invalid(ex);
        }
    }

    private static CliException Invalid(SpecException ex) => CliException.Usage(
        $"{ex.File} is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", ex.Errors)}",
        "fix the fields named above; the schemas are in docs/schemas/");

    internal static async Task WriteReportAsync(TextWriter output, EvaluationReport report)
    {
        static string N(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

        await output.WriteLineAsync(report.Success
            ? $"SUCCESS: the solution solves '{report.Benchmark}'"
            : $"FAILURE: the solution does not solve '{report.Benchmark}' ({report.ReasonGroups.Count} reason{(report.ReasonGroups.Count == 1 ? string.Empty : "s")})");
        foreach (var reason in report.ReasonGroups)
        {
            await output.WriteLineAsync($"  - {reason.Code}: {reason.Message.Replace("\n", "\n      ", StringComparison.Ordinal)}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("parts");
        foreach (var part in report.Parts)
        {
            await output.WriteLineAsync($"  {part.Name,-16} {part.Material,-15} {ProcessNames.Of(part.Process),-18} {N(part.VolumeCm3, "0.##"),8} cm³ {N(part.MassKg * 1000, "0.#"),8} g  mount {part.Mount}");
        }

        if (report.Cost is { } cost)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"cost per unit (run of {cost.Quantity}): {N(cost.UnitCost, "0.00")} USD (limit {N(report.MaxUnitCost, "0.00")})");
            foreach (var group in cost.Groups)
            {
                await output.WriteLineAsync(
                    $"  {string.Join("+", group.Parts),-24} x{group.CopiesPerUnit} {ProcessNames.Of(group.Process)}: one-off {N(group.OneOffCost, "0.00")}, material {N(group.MaterialPerPiece, "0.00")}/pc, machine {N(group.MachineHoursPerPiece, "0.###")} h = {N(group.MachinePerPiece, "0.00")}/pc -> {N(group.PerUnit, "0.00")} per unit");
            }
        }

        await output.WriteLineAsync($"weight: {N(report.WeightKg ?? 0, "0.###")} kg (limit {N(report.MaxWeightKg, "0.###")})");
        if (report.Samples.Count > 0)
        {
            var reached = report.Samples.Count(s => s.ReachedGoal);
            await output.WriteLineAsync($"simulation: goal reached in {reached} of {report.Samples.Count} starts; robustness {report.StartsPassed}/{report.StartsDrawn} passed; time to goal {(report.TimeToGoal is { } t ? N(t, "0.00") + " s" : "-")}; worst closest distance {N((report.ClosestDistance ?? 0) * 1000, "0.#")} mm");
            var payloads = report.Samples.Where(s => s.Payloads is not null).SelectMany(s => s.Payloads!).GroupBy(p => (p.Name, p.Goal));
            foreach (var payload in payloads)
            {
                await output.WriteLineAsync($"  payload '{payload.Key.Name}' -> goal '{payload.Key.Goal}': reached in {payload.Count(p => p.ReachedGoal)} of {payload.Count()} starts; worst closest distance {N(payload.Max(p => p.ClosestDistance) * 1000, "0.#")} mm, worst final distance {N(payload.Max(p => p.FinalDistance) * 1000, "0.#")} mm");
            }
            foreach (var motor in report.Motors)
            {
                await output.WriteLineAsync($"motor {motor.Name}: peak {N(motor.PeakForce, "0.###")} {motor.Unit} measured (limit {N(motor.Limit, "0.###")} {motor.Unit})");
            }
        }

        foreach (var note in report.Notes.Concat(report.Parts.SelectMany(p => p.Notes.Select(n => $"{p.Name}: {n}"))))
        {
            await output.WriteLineAsync($"note: {note}");
        }

        await output.WriteLineAsync($"time: CAD {N(report.Timings.CadSeconds, "0.00")} s, checks {N(report.Timings.ChecksSeconds, "0.00")} s, simulation {N(report.Timings.SimulationSeconds, "0.00")} s; OpenSCAD sandbox: {report.Sandbox}");
    }
}
