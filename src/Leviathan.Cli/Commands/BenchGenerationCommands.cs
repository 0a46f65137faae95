using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Reporting;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan bench generate|solve|check</c>: generated benchmarks, their proofs, and the baseline solver.</summary>
internal static class BenchGenerationCommands
{
    public static IEnumerable<Command> Create(CliEnvironment environment) => [Generate(environment), Solve(environment), Check(environment)];

    private static Option<int> TrivialitySamples() => new("--triviality-samples")
    {
        Description = "Jitter samples (the evaluator's seeded draws from the benchmark's jitter ranges) in which the payload, left alone, must miss the goal",
        DefaultValueFactory = _ => new VerificationOptions().TrivialitySamples,
    };

    private static Option<bool> NoExtremes() => new("--no-extremes")
    {
        Description = "Do not also prove non-triviality from the nominal start and the corners of the jitter ranges",
    };

    /// <summary>The switch that lets the baseline solver lay ramps as flaps on passive hinges (<see cref="SolverOptions.HingedRamps"/>).</summary>
    internal static Option<bool> HingedRamps(string what) => new("--hinged-ramps")
    {
        Description = $"Let the baseline solver{what} lay every ramp that slopes down by 1° or more as a flap on a passive hinge along its upper edge "
            + "instead of a fixed ramp: placed level, it swings down under its own weight onto a stop at the ramp's slope (solution parts with a 'hinge'). "
            + "The genes stay the same but every sloped ramp becomes a moving mechanism that must be down before the payload reaches it, "
            + "so more candidates miss in screening: expect more candidates and time per solution. Off by default",
    };

    private static VerificationOptions Verification(CliContext context, Option<int> samples, Option<bool> noExtremes)
    {
        var defaults = new VerificationOptions();
        var n = context.ParseResult.GetValue(samples);
        if (n < defaults.SolutionSamples || n > 1000)
        {
            throw CliException.Usage($"--triviality-samples must be from {defaults.SolutionSamples} (the samples a solution is judged under) to 1000, found {n}", "for example --triviality-samples 16");
        }

        return defaults with { TrivialitySamples = n, TrivialityExtremes = !context.ParseResult.GetValue(noExtremes) };
    }

    private static Command Solve(CliEnvironment environment)
    {
        var file = new Argument<string>("BENCHMARK") { Description = "The benchmark JSON file" };
        var output = new Option<string>("--out") { Description = "The solution folder to write (solution.json, parts, evaluation.json)", Required = true };
        var budget = new Option<double>("--budget-s") { Description = "Wall-clock budget of the search in seconds", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seed of the search", DefaultValueFactory = _ => 1 };
        var candidates = new Option<int>("--max-candidates") { Description = "Most candidates screened in simulation", DefaultValueFactory = _ => new SolverOptions { CacheDirectory = string.Empty }.MaxCandidates };
        var json = new Option<bool>("--json") { Description = "Print the result and the evaluation as one JSON object" };
        var hinged = HingedRamps(string.Empty);
        var command = new Command("solve", "Search parametric parts (ramps with rails, blocks, walls, curved guides; pusher plates, platforms and levers on the motors, driven by ramp controls and, where ramps fail, waypoint controls; with --hinged-ramps, flaps on passive hinges) for a solution with the baseline solver; writes the best one and its evaluation (exit 0 solved, 1 not solved, 2 usage)")
        {
            file, output, budget, seed, candidates, hinged, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var seconds = context.ParseResult.GetValue(budget);
            var max = context.ParseResult.GetValue(candidates);
            if (!(seconds > 0))
            {
                throw CliException.Usage($"--budget-s must be more than 0 seconds, found {seconds.ToString(CultureInfo.InvariantCulture)}", "for example --budget-s 60");
            }

            if (max < 1)
            {
                throw CliException.Usage($"--max-candidates must be at least 1, found {max}", "for example --max-candidates 200");
            }

            var path = CadCommands.ExistingFile(context.ParseResult.GetValue(file)!, "benchmark file");
            var benchmark = Load(path);
            var folder = OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!);
            using var simulation = Simulation(context, Environment.ProcessorCount);
            var solver = new BaselineSolver(CadCommands.CreateAnalyzer(context), simulation, context.Time);
            var result = await Run(() => solver.SolveAsync(benchmark, Path.GetDirectoryName(path)!, folder, new SolverOptions
            {
                Seed = context.ParseResult.GetValue(seed),
                Budget = TimeSpan.FromSeconds(seconds),
                MaxCandidates = max,
                CacheDirectory = ScreeningCache(context),
                HingedRamps = context.ParseResult.GetValue(hinged),
            }, cancellationToken));
            var flaps = HingedParts(folder, benchmark);
            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject
                {
                    ["benchmark"] = benchmark.Id,
                    ["solved"] = result.Solved,
                    ["failure"] = result.Failure,
                    ["candidates_screened"] = result.CandidatesScreened,
                    ["waypoint_candidates"] = result.WaypointCandidates,
                    ["controls"] = new JsonArray([.. result.ControlProfiles.Select(c => JsonValue.Create(c))]),
                    ["full_evaluations"] = result.FullEvaluations,
                    ["seconds"] = result.Seconds,
                    ["hinged_ramps"] = context.ParseResult.GetValue(hinged),
                    ["hinged_parts"] = new JsonArray([.. flaps.Select(f => JsonValue.Create(f))]),
                    ["out"] = folder,
                    ["evaluation"] = result.Evaluation is { } evaluation ? JsonSerializer.SerializeToNode(evaluation, EngineeringJsonContext.Default.EvaluationReport) : null,
                });
                return result.Solved ? ExitCodes.Success : ExitCodes.Failed;
            }

            await context.Stdout.WriteLineAsync(result.Solved
                ? $"SOLVED '{benchmark.Id}' after {result.CandidatesScreened} candidates{(result.WaypointCandidates > 0 ? $" ({result.WaypointCandidates} with waypoint controls)" : string.Empty)} and {result.FullEvaluations} full evaluation(s) in {result.Seconds:0.#} s; unit cost {result.Evaluation!.UnitCost:0.##} USD, weight {result.Evaluation.WeightKg:0.###} kg"
                : $"NOT SOLVED '{benchmark.Id}': {result.Failure}");
            foreach (var control in result.ControlProfiles)
            {
                await context.Stdout.WriteLineAsync($"  control {control}");
            }

            if (result.Evaluation is { } report)
            {
                foreach (var reason in report.ReasonGroups)
                {
                    await context.Stdout.WriteLineAsync($"  - {reason.Code}: {reason.Message}");
                }

                await context.Stdout.WriteLineAsync($"wrote {folder} (solution.json, {report.Parts.Count} part file(s), {BaselineSolver.EvaluationFile})");
            }

            if (flaps.Count > 0)
            {
                await context.Stdout.WriteLineAsync($"on passive hinges (flaps): {string.Join(", ", flaps)}");
            }

            return result.Solved ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary>The names of the written solution's parts that turn on a passive hinge (none when no solution was written).</summary>
    private static List<string> HingedParts(string folder, BenchmarkSpec benchmark)
    {
        if (!File.Exists(Path.Combine(folder, SolutionLoader.FileName)))
        {
            return [];
        }

        return SolutionLoader.Load(folder, benchmark).Parts.Where(p => p.Hinge is not null).Select(p => p.Name).ToList();
    }

    /// <summary>--level: one level (2), a range (0-3) or a list (0,1,2,3); null when not given.</summary>
    internal static List<int>? ParseLevels(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var levels = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = item.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2 || !range.All(r => int.TryParse(r, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) && l <= Difficulty.MaxLevel))
            {
                throw CliException.Usage($"--level must be from 0 to {Difficulty.MaxLevel}, found {text}", "for example --level 2, --level 0-3 or --level 0,1,2,3");
            }

            var low = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            var high = int.Parse(range[^1], System.Globalization.CultureInfo.InvariantCulture);
            if (high < low)
            {
                throw CliException.Usage($"--level range '{item}' runs backwards", $"write it low to high, e.g. --level {high}-{low}");
            }

            levels.AddRange(Enumerable.Range(low, high - low + 1).Where(l => !levels.Contains(l)));
        }

        return levels;
    }

    /// <summary>Why exit 1: the candidates ran out before --count were kept, what rejected them and what to change.</summary>
    private static string RanOut(GenerationIndex index, int wanted, int? share)
    {
        var shortOf = share is { } n
            ? " (short: " + string.Join(", ", index.Families.Select(f => (Family: f, Kept: index.Candidates.Count(c => c.Kept && c.Family == f))).Where(f => f.Kept < n).Select(f => $"{f.Family} {f.Kept} of {n}")) + ")"
            : string.Empty;
        var rejected = string.Join(", ", index.Rejected.Where(r => r.Value > 0).Select(r => $"{r.Value} {r.Key}"));
        var level = index.Level is { } l && index.Rejected.GetValueOrDefault(RejectionReasons.OtherLevel) > 0
            ? $", or aim at another --level than {l} (other_level candidates name the level they measured)"
            : string.Empty;
        return $"kept {index.Kept} of {wanted}{shortOf}: the candidates ran out after {index.Candidates.Count} (rejected: {(rejected.Length > 0 ? rejected : "none")}); "
            + $"raise --max-candidates (default 6 × --count) or change --seed{level}";
    }

    /// <summary>Benchmarks to keep: --count, or --per-family × the families (both given: they must agree).</summary>
    private static int Wanted(int? count, int? share, IReadOnlyList<IBenchmarkFamily> families)
    {
        if (share is < 1)
        {
            throw CliException.Usage($"--per-family must be at least 1, found {share}", "for example --per-family 2");
        }

        if (share is not null && families.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != families.Count)
        {
            throw CliException.Usage("--per-family needs each --family once, but one is named twice", "name every family once");
        }

        if (count is null && share is null)
        {
            throw CliException.Usage("give --count (benchmarks to keep) or --per-family (benchmarks to keep of every family)", "for example --count 8 or --per-family 2");
        }

        if (count is < 1)
        {
            throw CliException.Usage($"--count must be at least 1, found {count}", "for example --count 8");
        }

        if (share is { } n && count is { } c && c != n * families.Count)
        {
            throw CliException.Usage(
                $"--count {c} does not match --per-family {n} over {families.Count} famil{(families.Count == 1 ? "y" : "ies")} ({n * families.Count} benchmarks)",
                $"leave --count out, or give --count {n * families.Count}");
        }

        return count ?? (share!.Value * families.Count);
    }

    /// <summary>The hinged parts of a kept benchmark's reference solution.</summary>
    private static List<string> ReferenceFlaps(string benchmarkFolder) =>
        HingedParts(Path.Combine(benchmarkFolder, BenchmarkGenerator.ReferenceFolder), BenchmarkLoader.Load(Path.Combine(benchmarkFolder, BenchmarkGenerator.BenchmarkFile)));

    private static Command Generate(CliEnvironment environment)
    {
        var count = new Option<int?>("--count") { Description = "Benchmarks to keep (the first kept in index order, whatever their family); required unless --per-family is given" };
        var perFamily = new Option<int?>("--per-family") { Description = "Keep this many benchmarks of every family (a balanced set; --count is then this × the families and may be left out): once a family has its share its later candidates are not tried, and with several --level each family's share is spread over the asked levels it can reach. Recorded as per_family in index.json's settings" };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed and options give the same benchmarks", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (one folder per benchmark, index.json)", Required = true };
        var family = new Option<string[]>("--family") { Description = $"Families to draw from (repeatable): {BenchmarkFamilies.Names}; default all", AllowMultipleArgumentsPerToken = true };
        var workers = new Option<int>("--workers") { Description = "Candidates verified at the same time", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var maxCandidates = new Option<int?>("--max-candidates") { Description = "Candidates tried at most (default 6 × count)" };
        var solverCandidates = new Option<int>("--solver-candidates") { Description = "Candidates the baseline solver screens per benchmark", DefaultValueFactory = _ => new SolverOptions { CacheDirectory = string.Empty }.MaxCandidates };
        var level = new Option<string?>("--level") { Description = $"Keep only benchmarks of this difficulty level (0-{Difficulty.MaxLevel}, measured from the reference's parts and motors, the solver's effort, the limits' tightness and the jitter), or of several levels spread evenly (0-3 or 0,1,2,3: at most ⌈count / levels⌉ of each, and one of each when the candidates allow); others are listed as other_level. Refused at once (exit 2) when a family asked for can never reach the level (with several levels: when a level is reached by none of the families, or a family reaches none of the levels); the message names the levels each family can reach, which follow from its fewest reference parts, its motors and its start jitter" };
        var trivialitySamples = TrivialitySamples();
        var noExtremes = NoExtremes();
        var json = new Option<bool>("--json") { Description = "Print the index (every candidate, kept or not, and why) as one JSON object instead of the table" };
        var hinged = HingedRamps(" (which proves each candidate solvable and writes its reference)");
        var render = new Option<bool>("--render") { Description = $"Also draw a contact sheet: one picture per kept benchmark (its start, zones and reference solution) and an overview page, in DIR/{ContactSheet.Folder}/{ContactSheet.Page}" };
        var command = new Command("generate", "Generate randomized benchmarks; keep those proven valid, non-trivial and solvable. Exit 0 when --count benchmarks (or --per-family of every family) were kept (each proven: its reference passes bench evaluate's default starts), 1 when the candidates ran out first (index.json lists every rejection) or, with --render, a picture could not be drawn, 2 on a usage error (including a --level the families asked for cannot reach)")
        {
            count, perFamily, seed, output, family, workers, maxCandidates, solverCandidates, level, hinged, trivialitySamples, noExtremes, json, render,
        };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted generation in --out (same options): the candidates it decided and the benchmarks it kept are carried over untouched, a benchmark half-written when it stopped is removed and proven again, and the result is the one an uninterrupted run gives (with --level and --per-family too: the spread of levels and each family's share are decided in index order, so the resumed set has the same benchmarks and levels)" };
        command.Options.Add(resume);
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var families = new List<IBenchmarkFamily>();
            foreach (var name in context.ParseResult.GetValue(family) ?? [])
            {
                families.Add(BenchmarkFamilies.Find(name) ?? throw CliException.Usage($"unknown family '{name}'", $"use one of: {BenchmarkFamilies.Names}"));
            }

            var selected = families.Count > 0 ? families : BenchmarkFamilies.All;
            var share = context.ParseResult.GetValue(perFamily);
            var wanted = Wanted(context.ParseResult.GetValue(count), share, selected);
            var parallel = context.ParseResult.GetValue(workers);

            if (parallel is < 1 or > 64)
            {
                throw CliException.Usage($"--workers must be from 1 to 64, found {parallel}", "for example --workers 2");
            }

            if (context.ParseResult.GetValue(solverCandidates) is < 1 and var few)
            {
                throw CliException.Usage($"--solver-candidates must be at least 1, found {few}", "for example --solver-candidates 400");
            }

            if (context.ParseResult.GetValue(maxCandidates) is < 1 and var none)
            {
                throw CliException.Usage($"--max-candidates must be at least 1, found {none}", $"for example --max-candidates {6 * wanted} (the default, 6 × --count)");
            }

            var levels = ParseLevels(context.ParseResult.GetValue(level));
            if (levels is { Count: > 1 } && levels.Count > wanted && share is null)
            {
                throw CliException.Usage($"--level names {levels.Count} levels but --count is {wanted}: one of each level needs --count {levels.Count} or more", $"for example --count {2 * levels.Count}");
            }

            if (levels is not null && LevelReach.Check(selected, levels, context.ParseResult.GetValue(solverCandidates), share) is { } refusal)
            {
                throw CliException.Usage($"--level {context.ParseResult.GetValue(level)}: {refusal.Message}", refusal.Hint);
            }

            var folder = OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!);
            using var simulation = Simulation(context, parallel * 3);
            var analyzer = CadCommands.CreateAnalyzer(context);
            var generator = new BenchmarkGenerator(analyzer, simulation, context.Time);
            var sheet = context.ParseResult.GetValue(render)
                ? new ContactSheet(new SolutionFilmstrip(analyzer, new SceneRenderer(simulation, new SceneRendererOptions { SearchPath = context.Environment.Variables.GetValueOrDefault("PATH") ?? string.Empty })))
                : null;
            var options = new GeneratorOptions
            {
                Count = wanted,
                Seed = context.ParseResult.GetValue(seed),
                OutputDirectory = folder,
                Families = selected,
                PerFamily = share,
                Workers = parallel,
                MaxCandidates = context.ParseResult.GetValue(maxCandidates),
                Level = levels is [var single] ? single : null,
                Levels = levels is { Count: > 1 } ? levels : null,
                Solver = new SolverOptions
                {
                    CacheDirectory = ScreeningCache(context),
                    MaxCandidates = context.ParseResult.GetValue(solverCandidates),
                    Budget = TimeSpan.FromMinutes(10),
                    HingedRamps = context.ParseResult.GetValue(hinged),
                },
                Verification = Verification(context, trivialitySamples, noExtremes),
                Resume = context.ParseResult.GetValue(resume),
                OnResume = point => context.Stderr.WriteLine(point.Finished
                    ? $"nothing to resume: {folder} holds the finished generation ({point.Kept} kept of {point.Candidates} candidate(s))"
                    : $"resuming {folder}: {point.Candidates} candidate(s) decided and {point.Kept} benchmark(s) kept before it stopped, carried over"),
            };
            var started = context.Time.GetTimestamp();
            if (context.ParseResult.GetValue(json))
            {
                var reporter = new InlineProgress<CandidateRecord>(record => context.Stderr.WriteLine($"  {record.Id,-16} {(record.Kept ? "kept" : record.Reason),-9} {record.Seconds,6:0.0} s  {Shorten(record.Detail)}"));
                var generated = await Run(() => generator.GenerateAsync(options, reporter, cancellationToken));
                if (generated.Kept < wanted)
                {
                    await context.Stderr.WriteLineAsync(RanOut(generated, wanted, share));
                }

                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(generated, GenerationJsonContext.Default.GenerationIndex));
                var sheetDrawn = sheet is null || await DrawContactSheetAsync(context, sheet, folder, generated, context.Stderr, cancellationToken);
                return generated.Kept >= wanted && sheetDrawn ? ExitCodes.Success : ExitCodes.Failed;
            }

            var index = await context.Out.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"kept 0 of {wanted}", maxValue: wanted);
                    var kept = 0;
                    var tried = 0;
                    var announce = options.OnResume!;
                    var counted = options with
                    {
                        OnResume = point =>
                        {
                            announce(point);
                            (kept, tried) = (point.Kept, point.Candidates);
                            task.Value = Math.Min(wanted, kept);
                            task.Description = $"kept {Math.Min(kept, wanted)} of {wanted} ({tried} tried, carried over)";
                        },
                    };
                    var reporter = new InlineProgress<CandidateRecord>(record =>
                    {
                        tried++;
                        kept += record.Kept ? 1 : 0;
                        task.Value = Math.Min(wanted, kept);
                        task.Description = $"kept {Math.Min(kept, wanted)} of {wanted} ({tried} tried)";
                        context.Stderr.WriteLine($"  {record.Id,-16} {(record.Kept ? "kept" : record.Reason),-9} {record.Seconds,6:0.0} s  {Shorten(record.Detail)}");
                    });
                    return await Run(() => generator.GenerateAsync(counted, reporter, cancellationToken));
                });
            await WriteTableAsync(context, index, context.Time.GetElapsedTime(started).TotalSeconds);
            await context.Stdout.WriteLineAsync($"wrote {index.Kept} benchmark(s) and {Path.Combine(folder, BenchmarkGenerator.IndexFile)}");
            if (index.Kept < wanted)
            {
                await context.Stderr.WriteLineAsync(RanOut(index, wanted, share));
            }
            if (context.ParseResult.GetValue(hinged))
            {
                var withFlaps = index.Candidates.Where(c => c.Kept).Select(c => (c.Id, Flaps: ReferenceFlaps(Path.Combine(folder, c.Id)))).Where(c => c.Flaps.Count > 0).ToList();
                await context.Stdout.WriteLineAsync($"references with flaps on passive hinges (--hinged-ramps): {withFlaps.Count} of {index.Kept}"
                    + string.Concat(withFlaps.Select(c => $"; {c.Id}: {string.Join(", ", c.Flaps)}")));
            }

            var drawn = sheet is null || await DrawContactSheetAsync(context, sheet, folder, index, context.Stdout, cancellationToken);
            return index.Kept >= wanted && drawn ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary>Draws the contact sheet of the kept benchmarks; false (with each reason on stderr) when one could not be drawn.</summary>
    private static async Task<bool> DrawContactSheetAsync(CliContext context, ContactSheet sheet, string folder, GenerationIndex index, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> errors;
        string page;
        try
        {
            (page, errors) = await sheet.WriteAsync(folder, index, cancellationToken);
        }
        catch (SimulationException ex)
        {
            throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo, EGL and Mesa, then rebuild", ex);
        }

        foreach (var error in errors)
        {
            await context.Stderr.WriteLineAsync($"error: the contact sheet could not draw {error}");
        }

        await output.WriteLineAsync($"contact sheet: {page}");
        return errors.Count == 0;
    }

    private static Command Check(CliEnvironment environment)
    {
        var folder = new Argument<string>("BENCHMARK_DIR") { Description = "A benchmark's folder written by 'bench generate' or 'bench create' (DIR/<id>: benchmark.json, reference/), or a whole set DIR (index.json): every kept benchmark in it is checked" };
        var trivialitySamples = TrivialitySamples();
        var noExtremes = NoExtremes();
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object (for a set: each benchmark's report under 'benchmarks')" };
        var command = new Command("check", "Re-verify a generated benchmark, or every kept benchmark of a set, from its files: valid, non-trivial, reference solution succeeds (exit 0 all hold for every benchmark, 1 otherwise, 2 when the folder or a file is missing or malformed)") { folder, trivialitySamples, noExtremes, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var verification = Verification(context, trivialitySamples, noExtremes);
            var path = Path.GetFullPath(context.ParseResult.GetValue(folder)!, context.Environment.WorkingDirectory);
            if (!Directory.Exists(path))
            {
                throw CliException.Usage($"benchmark folder not found: {path}", "give DIR/<id> or a set folder DIR as written by 'bench generate'");
            }

            var isSet = File.Exists(Path.Combine(path, BenchmarkGenerator.IndexFile));
            if (!isSet && !File.Exists(Path.Combine(path, BenchmarkGenerator.BenchmarkFile)))
            {
                throw CliException.Usage(
                    $"{path} is neither a benchmark folder (it has no {BenchmarkGenerator.BenchmarkFile}) nor a benchmark set (it has no {BenchmarkGenerator.IndexFile})",
                    "give DIR/<id> for one benchmark or DIR for the whole set, as written by 'bench generate' or 'bench create'");
            }

            using var simulation = Simulation(context, Environment.ProcessorCount);
            var checker = new BenchmarkChecker(CadCommands.CreateAnalyzer(context), simulation, context.Time);
            if (isSet)
            {
                return await BenchSetCheck.RunAsync(context, path, benchmark => Run(() => checker.CheckAsync(benchmark, verification, cancellationToken)), context.ParseResult.GetValue(json));
            }

            CheckReport report;
            try
            {
                report = await Run(() => checker.CheckAsync(path, verification, cancellationToken));
            }
            catch (FileNotFoundException ex)
            {
                throw CliException.Usage(ex.Message, "run 'leviathan bench generate' to make benchmark folders");
            }
            catch (SpecException ex)
            {
                throw CliException.Usage($"{ex.File} is not valid: {string.Join("; ", ex.Errors)}", "fix the fields named above; the schemas are in docs/schemas/");
            }

            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, BenchSetCheck.ReportJson(report));
                return report.Passed ? ExitCodes.Success : ExitCodes.Failed;
            }

            await context.Stdout.WriteLineAsync($"{(report.Passed ? "OK" : "FAILED")}: {report.Benchmark}");
            await context.Stdout.WriteLineAsync($"  valid:       {(report.Valid.Passed ? "yes" : "NO")} - {report.Valid.Detail}");
            await context.Stdout.WriteLineAsync($"  non-trivial: {(report.NonTrivial.Passed ? "yes" : "NO")} - {report.NonTrivial.Detail}");
            var reference = report.Reference is null ? "not evaluated"
                : report.Reference.Success ? $"succeeds at all {report.Reference.Samples.Count} starts bench evaluate judges ({string.Join(", ", report.Reference.Samples.Select(s => s.Label))}; robustness {report.Reference.StartsPassed}/{report.Reference.StartsDrawn}) (time to goal {report.Reference.TimeToGoal:0.00} s, unit cost {report.Reference.UnitCost:0.##} USD)"
                : string.Join("; ", report.Reference.Reasons.Select(r => $"{r.Code}: {r.Message}"));
            await context.Stdout.WriteLineAsync($"  reference:   {(report.Reference?.Success == true ? "yes" : "NO")} - {reference}");
            return report.Passed ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    private static async Task WriteTableAsync(CliContext context, GenerationIndex index, double seconds)
    {
        var table = new Table().Border(TableBorder.Simple);
        var reasons = RejectionReasons.All.Where(r => r != RejectionReasons.OtherLevel || index.Level is not null || index.LevelsAsked is not null).ToList();
        table.AddColumns(["FAMILY", "TRIED", "KEPT", .. reasons.Select(r => r.ToUpperInvariant()), "S PER KEPT"]);
        foreach (var group in index.Candidates.GroupBy(c => c.Family).Append(index.Candidates.GroupBy(_ => "all").FirstOrDefault()).OfType<IGrouping<string, CandidateRecord>>())
        {
            var kept = group.Count(c => c.Kept);
            string[] row =
            [
                group.Key,
                N(group.Count()),
                N(kept),
                .. reasons.Select(r => N(group.Count(c => c.Reason == r))),
                kept == 0 ? "-" : (group.Key == "all" ? seconds / kept : group.Sum(c => c.Seconds) / kept).ToString("0.0", CultureInfo.InvariantCulture),
            ];
            table.AddRow(row);
        }

        context.Out.Write(table);
        await context.Stdout.FlushAsync();
        await context.Stdout.WriteLineAsync("kept per level: " + string.Join(", ", index.Levels.Select(l => $"{l.Key}: {l.Value}")));

        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    internal static SimulationClient Simulation(CliContext context, int workers) => new(new SimulationClientOptions
    {
        MaxWorkers = Math.Max(1, Math.Min(workers, 2 * Environment.ProcessorCount)),
        RequestTimeout = TimeSpan.FromSeconds(context.Config.Settings<SimSettings>().TimeoutSeconds),
    });

    internal static string ScreeningCache(CliContext context) => Leviathan.Evaluation.Running.EvaluationSetup.ScreeningCache(context.Home);

    private static BenchmarkSpec Load(string path)
    {
        try
        {
            return BenchmarkLoader.Load(path);
        }
        catch (SpecException ex)
        {
            throw CliException.Usage($"{ex.File} is not valid: {string.Join("; ", ex.Errors)}", "fix the fields named above; the schemas are in docs/schemas/");
        }
    }

    private static async Task<T> Run<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (SimulationException ex)
        {
            throw CliException.Failed(ex.Message, "run scripts/setup.sh to install MuJoCo 2.2.2 and rebuild, or raise sim:timeout_s for long runs", ex);
        }
        catch (GenerationResumeException ex)
        {
            throw CliException.Usage(ex.Message, ex.Hint);
        }
    }

    private static string Shorten(string text) => text.Length <= 110 ? text : text[..107] + "...";
}
