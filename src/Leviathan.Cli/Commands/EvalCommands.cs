using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Leviathan.Cli.Commands.EvalOutput;
using Leviathan.Cli.Hosting;
using Leviathan.Evaluation.Comparing;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Reports;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Evaluation.SweBench;
using Leviathan.Persistence.Evaluations;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan eval run|compare|list|show|report|import-swebench|export-predictions</c>: evaluations of task suites.</summary>
internal static class EvalCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var eval = new Command("eval", "Run a suite of tasks under configurations, report, compare, and convert SWE-bench instances and predictions");
        eval.Subcommands.Add(Run(environment));
        eval.Subcommands.Add(Compare(environment));
        eval.Subcommands.Add(List(environment));
        eval.Subcommands.Add(Show(environment));
        eval.Subcommands.Add(Report(environment));
        eval.Subcommands.Add(ImportSweBench(environment));
        eval.Subcommands.Add(ExportPredictions(environment));
        return eval;
    }

    private static Command Run(CliEnvironment environment)
    {
        var suiteArgument = new Argument<string>("SUITE") { Description = "The task pack folder (suite.yaml and one folder per task), or a physics set written by 'bench generate' (index.json and one folder per benchmark)" };
        var outOption = new Option<string>("--out") { Description = "The output folder: results.jsonl, report.md, report.html, plots/ and each attempt's workspace", Required = true };
        var configs = new Option<string[]>("--config") { Description = "A configuration as NAME=FILE (repeatable); without it, the current configuration as 'default'", AllowMultipleArgumentsPerToken = false };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once", DefaultValueFactory = _ => 1 };
        var judges = new Option<int?>("--judges") { Description = "Judgements at once (hidden tests, or a physics set's evaluation); default: the lesser of --parallel and the number of cores" };
        var repeat = new Option<int>("--repeat") { Description = "Attempts per task and configuration (pass@k for k up to it)", DefaultValueFactory = _ => 1 };
        var tasks = new Option<string?>("--tasks") { Description = "Only tasks whose id matches these comma-separated globs (* matches any run of characters)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the evaluation in --out: keep its finished runs, start the others again" };
        var samples = new Option<int>("--samples") { Description = "Physics sets: seeded jitter samples the judge draws (plus the nominal start and the jitter corners); all must pass", DefaultValueFactory = _ => Engineering.Evaluation.EvaluationOptions.DefaultSamples };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };
        var command = new Command("run", "Run every task × configuration × repeat as one run, N at once, judge each (hidden tests; for a physics set, bench evaluate of the final solution), and write results and reports")
        {
            suiteArgument, outOption, configs, parallel, judges, repeat, tasks, resume, samples, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var cwd = context.Environment.WorkingDirectory;
            IEvaluationSuite suite;
            List<EvaluationConfiguration> configurations;
            try
            {
                suite = EvaluationSetup.LoadSuite(Path.GetFullPath(parse.GetValue(suiteArgument)!, cwd));
                configurations = [.. (parse.GetValue(configs) ?? []).Select(c => ConfigurationLoader.Parse(c, cwd))];
            }
            catch (SuiteFormatException ex)
            {
                throw CliException.Usage(ex.Message);
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage(ex.Message);
            }

            if (configurations.Count == 0)
            {
                configurations.Add(EvaluationConfiguration.Default);
            }

            var outDir = Path.GetFullPath(parse.GetValue(outOption)!, cwd);
            if ($"{outDir}/".StartsWith($"{suite.Directory}/", StringComparison.Ordinal))
            {
                throw CliException.Usage($"--out {outDir} lies inside the suite folder, which every run's sandbox hides", "choose an output folder outside the suite");
            }

            if (parse.GetValue(parallel) < 1 || parse.GetValue(repeat) < 1)
            {
                throw CliException.Usage("--parallel and --repeat must be at least 1");
            }

            if (parse.GetValue(judges) is < 1)
            {
                throw CliException.Usage($"--judges must be at least 1, found {parse.GetValue(judges)}");
            }

            if (parse.GetValue(samples) is < 1 or > 1000)
            {
                throw CliException.Usage($"--samples must be from 1 to 1000, not {parse.GetValue(samples)}");
            }

            if (suite is SoftwareSuite && configurations.FirstOrDefault(c => c.Solver != "team") is { } notTeam)
            {
                throw CliException.Usage($"configuration '{notTeam.Name}': solver '{notTeam.Solver}' attempts physics benchmarks; a software task pack is attempted by the team", "drop 'solver' from the configuration");
            }

            // As early as the arguments are known to be good: what the profile compiles before the first runs start, they find compiled.
            if (context.Environment.JitProfiles)
            {
                EvaluationSetup.StartJitProfile(context.Home);
            }

            var plan = new EvaluationPlan
            {
                Suite = suite,
                Configurations = configurations,
                OutDir = outDir,
                Parallel = parse.GetValue(parallel),
                Judges = parse.GetValue(judges),
                Repeats = parse.GetValue(repeat),
                TaskGlob = parse.GetValue(tasks),
                Resume = parse.GetValue(resume),
            };

            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var sandboxOptions = SandboxCommands.Options(context);
            var judgeSandboxes = new JudgeSandboxes(sandboxOptions);
            try
            {
                _ = SandboxFactory.Create(sandboxOptions with { HiddenPaths = suite.PathsHiddenFromAgents });
            }
            catch (SandboxUnavailableException ex)
            {
                throw CliException.Failed(ex.Message, "install it (bash scripts/setup.sh does); the judge runs the hidden tests in the sandbox");
            }

            var stderr = context.Stderr;
            var progressLock = new Lock();
            using var simulation = suite is PhysicsSet ? BenchGenerationCommands.Simulation(context, Environment.ProcessorCount) : null;
            var physics = simulation is null ? null : new PhysicsServices
            {
                Analyzer = CadCommands.CreateAnalyzer(context),
                Simulation = simulation,
                Samples = parse.GetValue(samples),
                ScreeningCache = EvaluationSetup.ScreeningCache(context.Home),
            };
            var runner = new EvaluationRunner(new EvaluationDependencies
            {
                Launcher = EvalLauncher.Create(context, store, configurations, physics: suite is PhysicsSet),
                Physics = physics,
                JudgeRunner = judgeSandboxes.Runner,
                Store = new EvaluationStore(store, context.Time),
                Time = context.Time,
                Progress = p =>
                {
                    if (p.Finished is not { } r)
                    {
                        return;
                    }

                    var verdict = r.FailureCategory switch
                    {
                        FailureCategory.None => "resolved",
                        FailureCategory.Infrastructure => "INFRASTRUCTURE",
                        FailureCategory.Cancelled => "cancelled",
                        _ => "not resolved",
                    };
                    var eta = p.Eta is { } e ? $" · ETA {Duration(e)}" : string.Empty;
                    lock (progressLock)
                    {
                        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"[{p.Done,4}/{p.Total}] {r.Configuration} {r.Task} #{r.Repeat}: {verdict} ({r.Status}, {r.Steps} steps, ${r.CostUsd:0.0000}) · running {p.Running} · judging {p.Judging} · resolved {p.Succeeded} · ${p.CostUsd:0.0000}{eta}"));
                        if (r.FailureCategory == FailureCategory.Infrastructure)
                        {
                            stderr.WriteLine($"        {r.Reason}");
                        }
                    }
                },
            });

            await stderr.WriteLineAsync($"leviathan eval: suite {suite.Id} ({suite.Directory}), out {outDir}");
            foreach (var configuration in configurations)
            {
                await stderr.WriteLineAsync($"  configuration {configuration.Name}: {configuration.Describe()}");
            }

            EvaluationOutcome outcome;
            try
            {
                outcome = await runner.RunAsync(plan, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw CliException.Usage(ex.Message);
            }
            catch (Leviathan.Agents.Launching.RunLaunchException ex)
            {
                throw CliException.Usage(ex.Message, ex.Hint);
            }

            await stderr.WriteLineAsync($"  evaluation {outcome.EvaluationId}: {outcome.Started} run(s) started, {outcome.Kept} kept from before{(outcome.Cancelled ? "; CANCELLED: running runs ended 'cancelled', --resume runs them again" : string.Empty)}");
            var summary = ReportWriter.Write(outDir);
            await PrintSummaryAsync(context, summary, outcome.EvaluationId, outDir, parse.GetValue(json));
            return outcome.Cancelled ? 130 : summary.InfrastructureFailures.Count > 0 ? ExitCodes.Failed : ExitCodes.Success;
        });
    }

    private static async Task PrintSummaryAsync(CliContext context, EvaluationSummary summary, Guid? evaluationId, string outDir, bool json)
    {
        if (json)
        {
            await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(EvaluationSummaryJson.From(summary, evaluationId, outDir), EvalJsonContext.Default.EvaluationSummaryJson));
            return;
        }

        foreach (var c in summary.Configurations)
        {
            var passAtK = c.PassAtK.Count == 0 ? string.Empty : ", " + string.Join(", ", c.PassAtK.Select(p => $"pass@{p.Key} {ReportFormat.Percent(p.Value)}"));
            await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name}: {c.Succeeded}/{c.Counted} resolved ({ReportFormat.Percent(c.Rate)}, Wilson 95 % {ReportFormat.Percent(c.Interval.Lower)}–{ReportFormat.Percent(c.Interval.Upper)}){passAtK}; ${c.CostUsd:0.0000}; {c.Infrastructure} infrastructure failure(s), {c.Cancelled} cancelled"));
        }

        await context.Stdout.WriteLineAsync($"report: {Path.Combine(outDir, ReportWriter.MarkdownName)} and {Path.Combine(outDir, ReportWriter.HtmlName)}");
    }

    private static Command Report(CliEnvironment environment)
    {
        var dir = new Argument<string>("DIR") { Description = "The output folder of an evaluation" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };
        var command = new Command("report", "Write report.md and report.html again from an evaluation's results.jsonl") { dir, json };
        return command.Handle(environment, async (context, _) =>
        {
            var folder = ExistingResults(context, context.ParseResult.GetValue(dir)!);
            var summary = ReportWriter.Write(folder);
            await PrintSummaryAsync(context, summary, summary.Manifest?.EvaluationId, folder, context.ParseResult.GetValue(json));
            return ExitCodes.Success;
        });
    }

    private static Command Compare(CliEnvironment environment)
    {
        var a = new Argument<string>("DIR_A") { Description = "The output folder of the first evaluation" };
        var b = new Argument<string>("DIR_B") { Description = "The output folder of the second evaluation" };
        var json = new Option<bool>("--json") { Description = "Print the comparison as JSON" };
        var command = new Command("compare", "Compare two evaluations paired on common tasks and repeats (exact McNemar test), with the tasks that differ") { a, b, json };
        return command.Handle(environment, async (context, _) =>
        {
            var left = ExistingResults(context, context.ParseResult.GetValue(a)!);
            var right = ExistingResults(context, context.ParseResult.GetValue(b)!);
            IReadOnlyList<PairedComparison> comparisons;
            try
            {
                comparisons = EvaluationComparer.Compare(left, right);
            }
            catch (InvalidOperationException ex)
            {
                throw CliException.Usage(ex.Message);
            }

            if (context.ParseResult.GetValue(json))
            {
                IReadOnlyList<EvalComparisonJson> output = [.. comparisons.Select(EvalComparisonJson.From)];
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(output, EvalJsonContext.Default.IReadOnlyListEvalComparisonJson));
                return ExitCodes.Success;
            }

            foreach (var c in comparisons)
            {
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"A {c.ConfigurationA} ({left}) against B {c.ConfigurationB} ({right}): {c.Pairs} paired attempt(s)"));
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  resolved: A {c.BothSucceeded + c.OnlyA}/{c.Pairs} ({ReportFormat.Percent(c.RateA)}), B {c.BothSucceeded + c.OnlyB}/{c.Pairs} ({ReportFormat.Percent(c.RateB)})"));
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  both {c.BothSucceeded}, only A {c.OnlyA}, only B {c.OnlyB}, neither {c.NeitherSucceeded}; exact McNemar p = {c.PValue:0.####}{(c.PValue < 0.05 ? " (significant at 5 %)" : " (not significant at 5 %)")}"));
                foreach (var t in c.Tasks)
                {
                    await context.Stdout.WriteLineAsync($"  {t.TaskId}: A {t.SucceededA}/{t.Paired}, B {t.SucceededB}/{t.Paired}");
                }

                if (c.OnlyInA.Count > 0 || c.OnlyInB.Count > 0)
                {
                    await context.Stdout.WriteLineAsync($"  not paired: only in A: {string.Join(", ", c.OnlyInA)}; only in B: {string.Join(", ", c.OnlyInB)}");
                }
            }

            return ExitCodes.Success;
        });
    }

    private static Command List(CliEnvironment environment)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many evaluations, newest first", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("list", "List evaluations recorded in the trace store, newest first") { limit, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var found = await new EvaluationStore(store, context.Time).ListAsync(Math.Max(1, context.ParseResult.GetValue(limit)), cancellationToken);
            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(EvaluationsJson(found));
                return ExitCodes.Success;
            }

            if (found.Count == 0)
            {
                await context.Stdout.WriteLineAsync("no evaluations recorded yet (leviathan eval run SUITE --out DIR)");
                return ExitCodes.Success;
            }

            foreach (var e in found)
            {
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Id.ToString()[..8]}  {e.CreatedAt:yyyy-MM-dd HH:mm}  {e.Status,-9}  {e.SuiteId}  [{string.Join(", ", e.Configurations)}]  {e.Succeeded}/{e.RunCount} resolved  ${e.CostUsd:0.0000}  {e.OutDir}"));
            }

            return ExitCodes.Success;
        });
    }

    private static Command Show(CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The evaluation id, or a unique prefix of it" };
        var json = new Option<bool>("--json") { Description = "Print the evaluation and its runs as JSON" };
        var command = new Command("show", "Show an evaluation from the trace store: its configurations, progress and every run") { id, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var evaluations = new EvaluationStore(store, context.Time);
            var wanted = context.ParseResult.GetValue(id)!;
            var evaluation = await evaluations.FindAsync(wanted, cancellationToken)
                ?? throw CliException.Usage($"no single evaluation has the id or prefix '{wanted}'", "list them with 'leviathan eval list'");
            var runs = await evaluations.RunsAsync(evaluation.Id, cancellationToken);
            if (context.ParseResult.GetValue(json))
            {
                var shown = EvalEvaluationJson.From(evaluation) with
                {
                    Runs = [.. runs.Select(r => new EvalRunJson(r.Run.Id, r.Item, r.Run.DisplayStatus, r.Run.Usage.Steps, r.Run.Usage.CostUsd))],
                };
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(shown, EvalJsonContext.Default.EvalEvaluationJson));
                return ExitCodes.Success;
            }

            await context.Stdout.WriteLineAsync($"evaluation {evaluation.Id}");
            await context.Stdout.WriteLineAsync($"  suite:          {evaluation.SuiteId} ({evaluation.SuitePath})");
            await context.Stdout.WriteLineAsync($"  status:         {evaluation.Status}");
            await context.Stdout.WriteLineAsync($"  configurations: {string.Join(", ", evaluation.Configurations)}; {evaluation.TaskCount} task(s) × {evaluation.Repeats} repeat(s)");
            await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  results:        {evaluation.Succeeded}/{evaluation.RunCount} resolved, ${evaluation.CostUsd:0.0000}"));
            await context.Stdout.WriteLineAsync($"  output:         {evaluation.OutDir}");
            var manifest = ResultsFile.ReadManifest(evaluation.OutDir);
            foreach (var resume in manifest?.Resumes ?? [])
            {
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  resumed:        {resume.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {resume.Kept} finished attempt(s) kept, {resume.Rerun} run (again)"));
            }

            if (File.Exists(Path.Combine(evaluation.OutDir, ResultsFile.ResultsName)))
            {
                var summary = EvaluationSummary.From(ResultsFile.Read(evaluation.OutDir), manifest);
                foreach (var c in summary.Configurations)
                {
                    await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {c.Name}: {c.Succeeded}/{c.Counted} resolved ({ReportFormat.Percent(c.Rate)}, Wilson 95 % {ReportFormat.Percent(c.Interval.Lower)}–{ReportFormat.Percent(c.Interval.Upper)})"));
                }
            }

            await context.Stdout.WriteLineAsync($"  runs ({runs.Count}):");
            foreach (var run in runs.OrderBy(r => r.Item, StringComparer.Ordinal))
            {
                await context.Stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    {run.Run.Id}  {run.Item,-50} {run.Run.DisplayStatus,-20} {run.Run.Usage.Steps,4} steps  ${run.Run.Usage.CostUsd:0.0000}"));
            }

            return ExitCodes.Success;
        });
    }

    private static Command ImportSweBench(CliEnvironment environment)
    {
        var instances = new Argument<string>("INSTANCES") { Description = "SWE-bench instances as JSON Lines (instance_id, repo, base_commit, problem_statement, test_patch, FAIL_TO_PASS, PASS_TO_PASS)" };
        var repos = new Option<string>("--repos") { Description = "The folder with local clones (owner__name, owner/name or name); nothing is fetched", Required = true };
        var outOption = new Option<string>("--out") { Description = "The task pack folder to write", Required = true };
        var judge = new Option<string?>("--judge-command") { Description = "The judge command with {test} (default: python3 -m pytest -q -p no:cacheprovider {test})" };
        var verify = new Option<string?>("--verify") { Description = "The command the agents may run (default: python3 -m pytest -q -p no:cacheprovider)" };
        var command = new Command("import-swebench", "Convert SWE-bench instances into a task pack from local clones") { instances, repos, outOption, judge, verify };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var cwd = context.Environment.WorkingDirectory;
            var file = Path.GetFullPath(context.ParseResult.GetValue(instances)!, cwd);
            if (!File.Exists(file))
            {
                throw CliException.Usage($"the instances file {file} does not exist");
            }

            var options = new SweBenchImportOptions
            {
                InstancesFile = file,
                ReposDirectory = Path.GetFullPath(context.ParseResult.GetValue(repos)!, cwd),
                OutDirectory = Path.GetFullPath(context.ParseResult.GetValue(outOption)!, cwd),
            };
            options = options with
            {
                JudgeCommand = context.ParseResult.GetValue(judge) ?? options.JudgeCommand,
                VerifyCommand = context.ParseResult.GetValue(verify) ?? options.VerifyCommand,
            };
            SweBenchImportReport report;
            try
            {
                report = await SweBenchImporter.ImportAsync(options, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or SuiteFormatException)
            {
                throw CliException.Failed(ex.Message, "check the instances file and that --repos holds clones with the base commits");
            }

            await context.Stdout.WriteLineAsync($"imported {report.Imported.Count} task(s) into {report.SuiteDirectory}");
            foreach (var (instance, reason) in report.Skipped)
            {
                await context.Stderr.WriteLineAsync($"  skipped {instance}: {reason}");
            }

            return report.Skipped.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    private static Command ExportPredictions(CliEnvironment environment)
    {
        var dir = new Argument<string>("DIR") { Description = "The output folder of an evaluation" };
        var outOption = new Option<string>("--out") { Description = "The predictions file to write (JSON Lines)", Required = true };
        var config = new Option<string?>("--config") { Description = "The configuration to export (needed when the evaluation has several)" };
        var repeat = new Option<int>("--repeat") { Description = "Which repeat to export", DefaultValueFactory = _ => 1 };
        var model = new Option<string?>("--model-name") { Description = "model_name_or_path (default: the configuration's name)" };
        var command = new Command("export-predictions", "Write SWE-bench predictions (instance_id, model_name_or_path, model_patch = the run's run.patch)") { dir, outOption, config, repeat, model };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var folder = ExistingResults(context, context.ParseResult.GetValue(dir)!);
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var outFile = Path.GetFullPath(context.ParseResult.GetValue(outOption)!, context.Environment.WorkingDirectory);
            (int Lines, int WithPatch) written;
            try
            {
                written = PredictionExporter.Export(folder, store.Blobs, outFile, context.ParseResult.GetValue(config), context.ParseResult.GetValue(repeat), context.ParseResult.GetValue(model));
            }
            catch (InvalidOperationException ex)
            {
                throw CliException.Usage(ex.Message);
            }

            await context.Stdout.WriteLineAsync($"wrote {written.Lines} prediction(s), {written.WithPatch} with a patch, to {outFile}");
            return ExitCodes.Success;
        });
    }

    private static string ExistingResults(CliContext context, string given)
    {
        var folder = Path.GetFullPath(given, context.Environment.WorkingDirectory);
        return File.Exists(Path.Combine(folder, ResultsFile.ResultsName))
            ? folder
            : throw CliException.Usage($"{folder} holds no {ResultsFile.ResultsName}", "give the --out folder of an 'eval run'");
    }

    private static string EvaluationsJson(IReadOnlyList<EvaluationRecord> evaluations)
    {
        IReadOnlyList<EvalEvaluationJson> output = [.. evaluations.Select(EvalEvaluationJson.From)];
        return JsonSerializer.Serialize(output, EvalJsonContext.Default.IReadOnlyListEvalEvaluationJson);
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.Seconds}s";
}
