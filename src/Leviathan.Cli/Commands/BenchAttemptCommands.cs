using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Teams;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Teams;
using Leviathan.Engineering.Tools;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan bench attempt BENCHMARK.json --out SOLUTION_DIR …</c>: the physics team designs a solution; the
/// orchestrator's evaluation of the final solution decides the exit code (0 all starts and checks pass, 1 otherwise).
/// </summary>
internal static class BenchAttemptCommands
{
    private const string SimTimeoutKey = "sim:timeout_s";

    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("BENCHMARK") { Description = "The benchmark JSON file (read by the agents, never written)" };
        var output = new Option<string>("--out") { Description = "The solution folder the team works in; it ends with solution.json, the .scad parts, evaluation.json and renders/", Required = true };
        var run = new TeamRunOptions("Print the run and the final evaluation as one JSON object");
        var samples = new Option<int>("--samples") { Description = "Seeded jitter samples of the evaluation (plus the nominal start and the jitter corners); all must pass", DefaultValueFactory = _ => EvaluationOptions.DefaultSamples };
        var command = new Command("attempt", "The physics team (planner, engineer, reviewer) designs a solution to a benchmark (exit 0 when the final solution passes every start, 1 otherwise, 2 usage)")
        {
            file, output, samples,
        };
        run.AddTo(command);
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var count = parse.GetValue(samples);
            if (count is < 1 or > 1000)
            {
                throw CliException.Usage($"--samples must be from 1 to 1000, not {count}");
            }

            var (budget, launch) = run.Launch(context);
            var path = CadCommands.ExistingFile(parse.GetValue(file)!, "benchmark file");
            var benchmark = BenchCommands.LoadBenchmark(path);
            var folder = Path.GetFullPath(parse.GetValue(output)!, context.Environment.WorkingDirectory);
            if (File.Exists(folder))
            {
                throw CliException.Usage($"--out {folder} is a file", "give a folder for the solution (it is created when missing)");
            }

            Directory.CreateDirectory(folder);
            var (workbench, simulation) = CreateWorkbench(context, path, count);
            using var ownedSimulation = simulation;
            var attempt = PhysicsAttempt.Prepare(workbench, folder);
            var outcome = await RunCommand.LaunchAsync(context, attempt.Options(budget), launch with
            {
                Team = attempt.Team,
                VerifyDescription = attempt.VerifyDescription,
            }, cancellationToken);

            // The run's word is not the result: the final solution is evaluated again, over every start.
            PhysicsJudgement judgement;
            try
            {
                judgement = await attempt.JudgeAsync(cancellationToken);
            }
            catch (SimulationException ex)
            {
                throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo 2.2.2 and rebuild, or raise sim:timeout_s for long runs", ex);
            }

            var (_, report, unusable) = judgement;
            var renders = report is null ? null : (await attempt.RenderAsync(judgement, cancellationToken)).Summary;

            if (parse.GetValue(run.Json))
            {
                var result = new JsonObject
                {
                    ["run_id"] = outcome.RunId.ToString(),
                    ["status"] = outcome.Status.ToName(),
                    ["reason"] = outcome.Reason,
                    ["solution"] = folder,
                    ["success"] = report?.Success ?? false,
                    ["error"] = unusable,
                    ["renders"] = renders,
                    ["evaluation"] = report is null ? null : JsonSerializer.SerializeToNode(report, EngineeringJsonContext.Default.EvaluationReport),
                };
                await context.Stdout.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                await context.Stdout.WriteLineAsync();
                await context.Stdout.WriteLineAsync($"final evaluation of {folder}:");
                if (report is null)
                {
                    await context.Stdout.WriteLineAsync($"FAILURE: the solution cannot be evaluated: {unusable}");
                }
                else
                {
                    await BenchCommands.WriteReportAsync(context.Stdout, report);
                    await context.Stdout.WriteLineAsync($"written: {SolutionVerifier.ReportFile}; renders: {renders}");
                }
            }

            return report?.Success == true ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary>
    /// Builds a recorded attempt's team again (<c>runs resume</c>, <c>runs replay</c>) from its recorded benchmark file,
    /// which must still be there unchanged, and its sample count; the benchmark is copied into the rebuilt run's workspace.
    /// </summary>
    internal static RebuiltTeam Rebuild(CliContext context, RecordedTeamRun recorded)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recorded);
        var run = recorded.Run;
        var settings = recorded.Settings.TeamSettings;
        if (!settings.TryGetValue(PhysicsTeam.BenchmarkSetting, out var path)
            || !settings.TryGetValue(PhysicsTeam.SamplesSetting, out var samplesText)
            || !int.TryParse(samplesText, NumberStyles.None, CultureInfo.InvariantCulture, out var samples)
            || samples is < 1 or > 1000)
        {
            throw CliException.Failed(
                $"run {run.Id} did not record the benchmark file and sample count of its attempt, so its team cannot be rebuilt",
                "start the attempt again with leviathan bench attempt");
        }

        if (!File.Exists(path))
        {
            throw CliException.Failed($"the benchmark {path} that run {run.Id} attempted no longer exists", "put the file back at that path, or start a new attempt with leviathan bench attempt");
        }

        if (settings.TryGetValue(PhysicsTeam.BenchmarkSha256Setting, out var sha) && !string.Equals(sha, PhysicsTeam.Sha256Of(path), StringComparison.Ordinal))
        {
            throw CliException.Failed(
                $"the benchmark {path} changed since run {run.Id} attempted it (SHA-256 {sha[..12]}… then, {PhysicsTeam.Sha256Of(path)[..12]}… now)",
                "restore the file as it was, or start a new attempt with leviathan bench attempt");
        }

        _ = BenchCommands.LoadBenchmark(path);
        var (workbench, simulation) = CreateWorkbench(context, path, samples);
        try
        {
            var attempt = PhysicsAttempt.Prepare(workbench, recorded.Workspace);
            return new RebuiltTeam { Team = attempt.Team, VerifyDescription = attempt.VerifyDescription, Resources = simulation };
        }
        catch
        {
            simulation.Dispose();
            throw;
        }
    }

    /// <summary>The benchmark, CAD pipeline, simulation workers and filmstrip renderer of one attempt; the caller disposes the simulation client.</summary>
    private static (PhysicsWorkbench Workbench, SimulationClient Simulation) CreateWorkbench(CliContext context, string benchmarkPath, int samples)
    {
        var analyzer = CadCommands.CreateAnalyzer(context);
        var simulation = new SimulationClient(new SimulationClientOptions
        {
            MaxWorkers = Math.Min(Environment.ProcessorCount, samples),
            RequestTimeout = TimeSpan.FromSeconds(context.Config.GetDouble(SimTimeoutKey, 1, 86_400, 600)),
        });
        var renderer = new SceneRenderer(simulation, new SceneRendererOptions { SearchPath = context.Environment.Variables.GetValueOrDefault("PATH") ?? string.Empty });
        var workbench = new PhysicsWorkbench(benchmarkPath, analyzer, simulation, context.Time, new EvaluationOptions { Samples = samples })
        {
            Filmstrip = new SolutionFilmstrip(analyzer, renderer),
        };
        return (workbench, simulation);
    }
}
