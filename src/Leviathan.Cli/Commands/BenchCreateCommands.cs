using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Agents.Team;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Teams;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Teams.Benchmarks;
using Leviathan.Simulation;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan bench create "BRIEF" --out DIR …</c>: the benchmark team writes a new benchmark from a brief in a draft
/// folder; the orchestrator keeps it in <c>DIR/&lt;id&gt;</c> (the layout of <c>bench generate</c>) only when it proves it
/// valid, non-trivial and solvable and the reviewer accepts it (exit 0 kept, 1 not kept, 2 usage).
/// </summary>
internal static class BenchCreateCommands
{
    /// <summary>Where drafts live under the output folder, one per run; a kept benchmark's draft is removed.</summary>
    public const string DraftsFolder = ".drafts";

    public static Command Create(CliEnvironment environment)
    {
        var brief = new Argument<string>("BRIEF") { Description = "What the benchmark should test, in words (e.g. \"a ball must be guided over a pit\")" };
        var output = new Option<string>("--out") { Description = "The benchmark folder: a kept benchmark goes to DIR/<id>/ with an entry in DIR/index.json, as bench generate writes them", Required = true };
        var solverBudget = new Option<int>("--solver-budget")
        {
            Description = "Candidates the baseline solver may screen to prove the benchmark solvable when the team's reference/ does not (0: the team's reference only)",
            DefaultValueFactory = _ => new SolverOptions { CacheDirectory = string.Empty }.MaxCandidates,
        };
        var hinged = BenchGenerationCommands.HingedRamps(" (when the team's reference does not prove the benchmark solvable)");
        var run = new TeamRunOptions("Print the run and whether the benchmark was kept as one JSON object");
        var command = new Command("create", "The benchmark team (planner, coder, reviewer) writes a new benchmark from a brief; it is kept only when proven valid, non-trivial and solvable (exit 0 kept, 1 not kept, 2 usage)")
        {
            brief, output, solverBudget, hinged,
        };
        run.AddTo(command);
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var goal = parse.GetValue(brief)?.Trim() ?? string.Empty;
            if (goal.Length == 0)
            {
                throw CliException.Usage("the brief is empty", "say what the benchmark should test, e.g. leviathan bench create \"a ball must be guided over a pit\" --out benchmarks");
            }

            var budget = parse.GetValue(solverBudget);
            if (budget is < 0 or > 1_000_000)
            {
                throw CliException.Usage($"--solver-budget must be from 0 (the team's reference only) to 1000000 candidates, not {budget}", "for example --solver-budget 200");
            }

            if (budget == 0 && parse.GetValue(hinged))
            {
                throw CliException.Usage("--hinged-ramps shapes the baseline solver's search, but --solver-budget 0 turns the solver off", "drop --hinged-ramps, or give the solver candidates, e.g. --solver-budget 200 --hinged-ramps");
            }

            var (limits, launch) = run.Launch(context);
            var folder = Path.GetFullPath(parse.GetValue(output)!, context.Environment.WorkingDirectory);
            if (File.Exists(folder))
            {
                throw CliException.Usage($"--out {folder} is a file", "give a folder for the benchmarks (it is created when missing)");
            }

            var (work, draft) = NewDraft(context, folder);
            using var team = CreateTeam(context, folder, Path.Combine(work, "proof"), budget, parse.GetValue(hinged));
            var options = new TeamOptions { Goal = goal, Workspace = draft, Budget = limits };
            var outcome = await RunCommand.LaunchAsync(context, options, launch with
            {
                Team = team.Definition,
                VerifyDescription = team.Verifier.Description,
            }, cancellationToken);
            var (kept, record) = await team.KeepAsync(outcome, work, cancellationToken);

            var why = kept is not null ? null
                : outcome.Status == RunStatus.Succeeded ? "the run succeeded without a proof"
                : $"the run ended {outcome.Status.ToName()}: {outcome.Reason}";
            if (parse.GetValue(run.Json))
            {
                await CliJson.WriteAsync(context, new JsonObject
                {
                    ["run_id"] = outcome.RunId.ToString(),
                    ["status"] = outcome.Status.ToName(),
                    ["reason"] = outcome.Reason,
                    ["kept"] = kept is not null,
                    ["benchmark"] = record?.Id,
                    ["folder"] = kept,
                    ["proven_by"] = record?.ProvenBy,
                    ["detail"] = record?.Detail,
                    ["draft"] = kept is null ? draft : null,
                    ["not_kept_because"] = why,
                    ["index"] = kept is null ? null : JsonSerializer.SerializeToNode(record, GenerationJsonContext.Default.CandidateRecord),
                });
            }
            else
            {
                await context.Stdout.WriteLineAsync();
                await context.Stdout.WriteLineAsync(kept is not null
                    ? $"KEPT: {kept} — proven valid, non-trivial and solvable by the {BenchmarkDraftVerifier.Who(record!.ProvenBy!)}; 'leviathan bench check {kept}' proves it again"
                    : $"NOT KEPT: {why}; the draft is in {draft}");
                if (record is not null)
                {
                    await context.Stdout.WriteLineAsync($"  {record.Detail}");
                    await context.Stdout.WriteLineAsync($"  index: {Path.Combine(folder, BenchmarkGenerator.IndexFile)} (proven_by {record.ProvenBy}, run {outcome.RunId})");
                }
            }

            return kept is not null ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary>
    /// Builds a recorded benchmark run's team again (<c>runs resume</c>, <c>runs replay</c>) from its recorded output folder
    /// and solver budget; the orchestrator's proof copy goes under the home's cache. A resumed run that succeeds keeps its
    /// benchmark as <c>bench create</c> would.
    /// </summary>
    internal static RebuiltTeam Rebuild(CliContext context, RecordedTeamRun recorded)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recorded);
        var settings = recorded.Settings.TeamSettings;
        if (!settings.TryGetValue(BenchmarkTeam.OutputSetting, out var folder)
            || !settings.TryGetValue(BenchmarkTeam.SolverBudgetSetting, out var budgetText)
            || !int.TryParse(budgetText, NumberStyles.None, CultureInfo.InvariantCulture, out var budget))
        {
            throw CliException.Failed(
                $"run {recorded.Run.Id} did not record the output folder and solver budget of its benchmark team, so the team cannot be rebuilt",
                "start it again with leviathan bench create");
        }

        var work = Path.Combine(context.Home, "cache", "benchmark-proofs", recorded.Run.Id.ToString());

        // A replay (another workspace than the run's) proves into a scratch output folder: the benchmark the run kept is
        // in the real one already, and what is replayed must meet the folder as the run met it.
        var replaying = recorded.Run.Workspace is not { } own || !string.Equals(Path.GetFullPath(own), Path.GetFullPath(recorded.Workspace), StringComparison.Ordinal);
        if (replaying)
        {
            folder = Path.Combine(work, "replay-out");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // Runs recorded before the switch existed have no setting: their solver laid fixed ramps.
        var hinged = settings.TryGetValue(BenchmarkTeam.HingedRampsSetting, out var hingedText) && hingedText == "true";
        var team = CreateTeam(context, folder, Path.Combine(work, "proof"), budget, hinged);
        return new RebuiltTeam
        {
            Team = team.Definition,
            VerifyDescription = team.Verifier.Description,
            Resources = team,
            AfterRun = async (outcome, cancellationToken) =>
            {
                var (kept, record) = await team.KeepAsync(outcome, work, cancellationToken);
                return kept is null ? null : $"KEPT: {kept} — proven valid, non-trivial and solvable by the {BenchmarkDraftVerifier.Who(record!.ProvenBy!)}";
            },
        };
    }

    private static CreatedTeam CreateTeam(CliContext context, string folder, string proofDirectory, int solverBudget, bool hingedRamps)
    {
        var analyzer = CadCommands.CreateAnalyzer(context);
        var simulation = new SimulationClient(new SimulationClientOptions
        {
            MaxWorkers = Math.Max(1, Environment.ProcessorCount),
            RequestTimeout = TimeSpan.FromSeconds(context.Config.Settings<SimSettings>().TimeoutSeconds),
        });
        var verifier = new BenchmarkDraftVerifier(analyzer, simulation, context.Time, new BenchmarkDraftOptions
        {
            OutputDirectory = folder,
            ProofDirectory = proofDirectory,
            SolverBudget = solverBudget,
            HingedRamps = hingedRamps,
            SolverCache = Path.Combine(context.Home, "cache", "solver"),
        });
        return new CreatedTeam(BenchmarkTeam.Create(analyzer, simulation, context.Time, verifier), verifier, analyzer, simulation, folder, context.Time);
    }

    /// <summary>One benchmark team with the simulation workers it owns, and how its proven benchmark is kept.</summary>
    private sealed record CreatedTeam(TeamDefinition Definition, BenchmarkDraftVerifier Verifier, PartAnalyzer Analyzer, SimulationClient Simulation, string Folder, TimeProvider Time) : IDisposable
    {
        /// <summary>
        /// Keeps the proven benchmark when the run succeeded (proven, then accepted by the reviewer): what is kept is the
        /// proven copy; the run's work folder (draft and proof) is removed then. Returns the kept folder and its index entry.
        /// </summary>
        public async Task<(string? Kept, CandidateRecord? Record)> KeepAsync(TeamOutcome outcome, string work, CancellationToken cancellationToken)
        {
            if (outcome.Status != RunStatus.Succeeded || Verifier.Proven is not { } proof)
            {
                return (null, null);
            }

            (string Kept, CandidateRecord Record) published;
            try
            {
                published = await new BenchmarkPublisher(Analyzer, Simulation, Time).PublishAsync(proof, Folder, outcome.RunId, cancellationToken);
            }
            catch (IOException ex)
            {
                throw CliException.Failed(ex.Message, "give the benchmark another id or use another --out folder");
            }

            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            var drafts = Path.Combine(Folder, DraftsFolder);
            if (Directory.Exists(drafts) && !Directory.EnumerateFileSystemEntries(drafts).Any())
            {
                Directory.Delete(drafts);
            }

            return published;
        }

        public void Dispose() => Simulation.Dispose();
    }

    /// <summary>A new draft folder under DIR/.drafts/: the run's workspace, with the orchestrator's proof folder beside it.</summary>
    private static (string Work, string Draft) NewDraft(CliContext context, string folder)
    {
        var stamp = context.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var work = Path.Combine(folder, DraftsFolder, stamp);
        for (var n = 2; Path.Exists(work); n++)
        {
            work = Path.Combine(folder, DraftsFolder, string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n}"));
        }

        var draft = Path.Combine(work, "draft");
        Directory.CreateDirectory(draft);
        return (work, draft);
    }
}
