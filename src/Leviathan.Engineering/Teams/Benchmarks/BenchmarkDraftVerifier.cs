using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Agents.Team;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>
/// The benchmark team's proof, run by the orchestrator when the coder calls <c>finish</c>: the draft is copied out of
/// the workspace and proven with the generator's own proofs (<see cref="BenchmarkVerifier"/>) — valid (schema, the
/// scene compiles, nothing penetrates at any judged start, stable), non-trivial (left alone, the payload misses the
/// goal from every start) and solvable (the team's <c>reference/</c> passes the full evaluation, else the baseline
/// solver finds a solution within its budget). A failed proof goes back to the coder with its reason; a proven draft
/// is staged as a complete benchmark folder (<see cref="Proven"/>) for the reviewer to judge.
/// </summary>
public sealed class BenchmarkDraftVerifier(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, BenchmarkDraftOptions options) : ITeamVerifier
{
    private readonly BenchmarkVerifier _proofs = new(analyzer, simulation, time);

    /// <summary>Where drafts are proven and kept, and the solver's budget.</summary>
    public BenchmarkDraftOptions Options => options;

    /// <summary>The last proof when it passed; null before the first and after a failed one.</summary>
    public BenchmarkProof? Proven { get; private set; }

    /// <summary>Why the last proof failed (a <see cref="RejectionReasons"/> value); null when it passed or none ran.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>What the proof runs, in one line.</summary>
    public string Description =>
        string.Create(CultureInfo.InvariantCulture, $"bench check of the draft: valid, non-trivial ({options.Verification.TrivialitySamples} jitter samples{(options.Verification.TrivialityExtremes ? ", the nominal start and the jitter corners" : string.Empty)}), solvable (the team's reference/, {(options.SolverBudget > 0 ? $"else the baseline solver within {options.SolverBudget} candidates" : "the baseline solver off")})");

    public TeamVerifyCall? Describe(TeamRunContext context) => new(
        Description,
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["solver_budget"] = options.SolverBudget,
            ["triviality_samples"] = options.Verification.TrivialitySamples,
            ["solution_samples"] = options.Verification.SolutionSamples,
        }));

    public async Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Proven = null;
        var started = time.GetTimestamp();
        var stage = options.ProofDirectory;
        if (DraftCopy.Copy(context.Workspace.FullPath, stage) is { } unsafeFile)
        {
            return Fail(RejectionReasons.Invalid, unsafeFile, "Replace the link by the file.");
        }

        var file = Path.Combine(stage, BenchmarkGenerator.BenchmarkFile);
        if (!File.Exists(file))
        {
            return Fail(RejectionReasons.Invalid, $"there is no {BenchmarkGenerator.BenchmarkFile} in the draft folder", "Write it with write_file.");
        }

        BenchmarkSpec benchmark;
        try
        {
            benchmark = BenchmarkLoader.Load(file);
        }
        catch (SpecException ex)
        {
            return Fail(RejectionReasons.Invalid, $"{BenchmarkGenerator.BenchmarkFile} does not meet the schema: {string.Join("; ", ex.Errors)}", "Fix the fields named.");
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReasons.Invalid, $"{BenchmarkGenerator.BenchmarkFile} is not valid JSON: {ex.Message}", "Fix the JSON.");
        }

        var target = Path.Combine(options.OutputDirectory, benchmark.Id);
        if (Path.Exists(target))
        {
            return Fail(RejectionReasons.Invalid, $"the id '{benchmark.Id}' is taken: {target} exists in the output folder", "Give the benchmark another id in benchmark.json.");
        }

        var valid = await _proofs.CheckValidAsync(benchmark, stage, options.Verification, cancellationToken).ConfigureAwait(false);
        if (!valid.Passed)
        {
            return Fail(RejectionReasons.Invalid, valid.Detail, "Fix the environment so that it loads, nothing penetrates at any start and it stays still.");
        }

        var nonTrivial = await _proofs.CheckNonTrivialAsync(benchmark, stage, options.Verification, cancellationToken).ConfigureAwait(false);
        if (!nonTrivial.Passed)
        {
            return Fail(
                RejectionReasons.Trivial,
                nonTrivial.Detail + ": no part is needed, so it tests nothing",
                "Change the environment (the goal zone, the payload's start or the fixtures) so that the payload, left alone, misses the goal from every start; bench_check shows it.");
        }

        var solvable = await SolvableAsync(benchmark, stage, cancellationToken).ConfigureAwait(false);
        if (solvable.ProvenBy is null)
        {
            return Fail(
                RejectionReasons.Unsolved,
                "nothing proves it solvable: " + solvable.Detail,
                "Write a reference solution under reference/ (solution.json and its .scad parts) that passes every start (bench_check evaluates it), or make the task feasible within its limits.");
        }

        var report = solvable.Report!;
        await File.WriteAllTextAsync(
            Path.Combine(stage, BenchmarkGenerator.ReferenceFolder, BaselineSolver.EvaluationFile),
            JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport) + "\n",
            cancellationToken).ConfigureAwait(false);
        var detail = $"{valid.Detail}; {nonTrivial.Detail}; {solvable.Detail}";
        Proven = new BenchmarkProof(benchmark, stage, solvable.ProvenBy, report, detail, solvable.Screened, Math.Round(time.GetElapsedTime(started).TotalSeconds, 3));
        LastRejection = null;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"PROVEN: '{benchmark.Id}' is valid, non-trivial and solvable.\n");
        text.Append("valid: yes - ").Append(valid.Detail).Append('\n');
        text.Append("non-trivial: yes - ").Append(nonTrivial.Detail).Append('\n');
        text.Append("solvable: yes - ").Append(solvable.Detail).Append('\n');
        return new TeamVerification(true, text.ToString(), $"passed: valid, non-trivial, solvable by the {Who(solvable.ProvenBy)} (bench check)")
        {
            Output = text.ToString(),
            ExitCode = 0,
        };
    }

    /// <summary>The team's reference first (one evaluation), then the baseline solver; the proven reference ends in <c>reference/</c>.</summary>
    private async Task<(string? ProvenBy, EvaluationReport? Report, int Screened, string Detail)> SolvableAsync(BenchmarkSpec benchmark, string stage, CancellationToken cancellationToken)
    {
        var reference = Path.Combine(stage, BenchmarkGenerator.ReferenceFolder);
        string team;
        if (File.Exists(Path.Combine(reference, SolutionLoader.FileName)))
        {
            try
            {
                var report = await _proofs.EvaluateReferenceAsync(benchmark, stage, reference, options.Verification, cancellationToken).ConfigureAwait(false);
                if (report.Success)
                {
                    return (SolvabilityProof.TeamReference, report, 0, string.Create(CultureInfo.InvariantCulture, $"the team's reference solution passes all {report.StartsDrawn} starts bench evaluate judges (unit cost {report.UnitCost:0.##} USD of {benchmark.Limits.MaxUnitCost:0.##}, weight {report.WeightKg:0.###} kg of {benchmark.Limits.MaxWeight:0.###})"));
                }

                team = string.Create(CultureInfo.InvariantCulture, $"the team's reference solution passes {report.StartsPassed} of {report.StartsDrawn} starts: {string.Join("; ", report.Reasons.Select(r => $"{r.Code}: {r.Message}"))}");
            }
            catch (SpecException ex)
            {
                team = $"{BenchmarkGenerator.ReferenceFolder}/{SolutionLoader.FileName} is not valid: {string.Join("; ", ex.Errors)}";
            }
        }
        else
        {
            team = $"there is no {BenchmarkGenerator.ReferenceFolder}/{SolutionLoader.FileName}";
        }

        if (options.SolverBudget < 1)
        {
            return (null, null, 0, team + "; the baseline solver is off (solver budget 0)");
        }

        var baseline = stage.TrimEnd('/') + ".baseline";
        if (Directory.Exists(baseline))
        {
            Directory.Delete(baseline, recursive: true);
        }

        var solved = await new BaselineSolver(analyzer, simulation, time).SolveAsync(benchmark, stage, baseline, new SolverOptions
        {
            Seed = (int)(benchmark.Seed & int.MaxValue),
            MaxCandidates = options.SolverBudget,
            Budget = options.SolverTime,
            Samples = options.Verification.SolutionSamples,
            CacheDirectory = options.SolverCache,
            HingedRamps = options.HingedRamps,
        }, cancellationToken).ConfigureAwait(false);
        if (!solved.Solved)
        {
            var why = solved.Failure ?? "no candidate met every check";
            return (null, null, solved.CandidatesScreened, string.Create(CultureInfo.InvariantCulture, $"{team}; the baseline solver found no solution in {solved.CandidatesScreened} candidates ({why})"));
        }

        if (Directory.Exists(reference))
        {
            Directory.Delete(reference, recursive: true);
        }

        Directory.Move(baseline, reference);
        var found = solved.Evaluation!;
        return (SolvabilityProof.Baseline, found, solved.CandidatesScreened, string.Create(CultureInfo.InvariantCulture, $"{team}; the baseline solver's solution after {solved.CandidatesScreened} candidates passes all {found.StartsDrawn} starts (unit cost {found.UnitCost:0.##} USD, weight {found.WeightKg:0.###} kg); it is the reference"));
    }

    private TeamVerification Fail(string reason, string detail, string fix)
    {
        Proven = null;
        LastRejection = reason;
        var text = $"NOT KEPT ({reason}): {detail}\n{fix}";
        return new TeamVerification(false, text, $"failed: {reason} (bench check)") { Output = text, ExitCode = 1 };
    }

    /// <summary>Who proved it solvable, in words.</summary>
    public static string Who(string provenBy) => provenBy == SolvabilityProof.TeamReference ? "team's reference" : "baseline solver";
}
