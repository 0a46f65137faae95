using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Simulation;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The baseline solver: a seeded search over the parametric parts of <see cref="SearchSpace"/> (ramps with or
/// without rails, blocks, walls; pusher plates, lifting platforms and levers on the benchmark's motors).
/// <list type="number">
/// <item><b>Random search</b>: the first <see cref="SolverOptions.RandomShare"/> of the candidates are draws from the
/// space's prior (<see cref="SearchSpace.Sample"/>).</item>
/// <item><b>Local refinement</b>: a (1+λ) evolution strategy (λ = <see cref="SolverOptions.BatchSize"/>) from the best
/// candidate of the random phase — each child changes about 2.5 genes (at least one) by a Gaussian step of size σ
/// (start 0.2, ×1.5 after an improving generation, ×0.85 otherwise). When σ falls below 0.02 the refinement
/// restarts from the next of the random phase's 6 best candidates, then from fresh prior draws.</item>
/// <item><b>Waypoint controls where ramps fail</b>: on a benchmark with motors, when the two steps above end unsolved,
/// they run again in the space with control slots (<see cref="SearchSpace.Waypoints"/>, <see cref="MotorControls"/>)
/// for up to <see cref="SolverOptions.WaypointShare"/> of the candidates more, with half the stall limit.</item>
/// </list>
/// Screening is cheap and staged: meshes built in code; analytic checks (oriented-box overlaps with fixtures,
/// forbid zones, every payload's start region and the other parts; weight; cost) — a failing candidate scores
/// 10 + penalty without simulating; then one simulation from the evaluator's first jitter sample, and only if the
/// objective is met there, the judge's other starts in groups (<see cref="ScreeningOrder"/>: corners first), stopping at
/// the first group with a miss. Score = worst miss distance in metres over the starts run (0: met at every start).
/// A candidate that screens at 0 is judged by the real evaluator (OpenSCAD parts, exact overlaps,
/// manufacturability, cost); the first that passes is the solution. Otherwise the best candidate is still written
/// and evaluated, so <c>evaluation.json</c> says how close it came.
/// </summary>
public sealed class BaselineSolver(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    /// <summary>The evaluation written beside the solution.</summary>
    public const string EvaluationFile = "evaluation.json";

    /// <summary>Genes a child of the evolution strategy changes on average (at least one).</summary>
    private const double GenesChanged = 2.5;

    /// <summary>Best candidates of the random phase kept as starting points for the restarts of the refinement.</summary>
    private const int EliteSize = 6;

    public async Task<SolveResult> SolveAsync(BenchmarkSpec benchmark, string benchmarkDirectory, string outputDirectory, SolverOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var evaluationOptions = new EvaluationOptions { Samples = options.Samples };
        var makings = Making.Allowed(benchmark, evaluationOptions.Rules);
        if (makings.Count == 0)
        {
            return new SolveResult { BestScore = double.PositiveInfinity, CandidatesScreened = 0, FullEvaluations = 0, Seconds = 0, Failure = "the benchmark allows no material and process the solver can make parts with (print3d, cnc_milling or injection_moulding with a material it shapes)" };
        }

        // Ramp controls first, exactly the search without waypoints (one move per motor: the cheapest space, which
        // solves most benchmarks); where it ends unsolved, the same parts with waypoint controls (SearchSpace.Waypoints.cs)
        // for WaypointShare more of the candidates, giving up after half the stall limit.
        var phases = new List<(SearchSpace Space, int Extra, int? StallLimit)> { (new SearchSpace(benchmark, makings, options.HingedRamps), options.MaxCandidates, options.StallLimit) };
        if (options.WaypointShare > 0 && benchmark.Motors.Count > 0)
        {
            var extra = Math.Max(options.BatchSize, (int)Math.Ceiling(options.MaxCandidates * options.WaypointShare));
            phases.Add((new SearchSpace(benchmark, makings, options.HingedRamps, waypoints: true), extra, options.StallLimit is { } limit ? Math.Max(options.BatchSize, limit / 2) : null));
        }

        var random = new Random(options.Seed);
        var randomCount = Math.Max(options.BatchSize, (int)(options.MaxCandidates * options.RandomShare));
        double[]? best = null;
        SearchSpace? bestSpace = null;
        var bestScore = double.PositiveInfinity;
        var screened = 0;
        var waypointScreened = 0;
        var fullEvaluations = 0;
        var evaluator = new SolutionEvaluator(analyzer, simulation, time);
        var starts = ScreeningOrder.Groups(JudgeStarts.List(benchmark, evaluationOptions), options.ScreeningGroupSize);
        var longestStall = 0;
        var gaveUp = false;

        foreach (var (space, extra, stallLimit) in phases)
        {
            var phaseLimit = screened + extra;
            if (space.Waypoints)
            {
                // A fresh search in the larger space: prior draws first, then refinement of their best.
                randomCount = screened + Math.Max(options.BatchSize, (int)(extra * options.RandomShare));
            }

            double[]? parent = null;
            var parentScore = double.PositiveInfinity;
            var sigma = 0.2;
            var elite = new List<(double[] First, double Second)>();
            var restarts = 0;
            // Progress is counted against the best score so far, so that waypoint candidates that do no better than the
            // ramps stop after their (half) stall limit on a benchmark neither solves.
            var progressAt = screened; // screened count when the best score last improved by StallImprovement in this phase
            var progressScore = space.Waypoints ? bestScore : double.PositiveInfinity;
            var phaseEvaluations = 0; // each phase gets its own full evaluations, so ramp near-misses cannot use up the waypoints'
            gaveUp = false;

            while (screened < phaseLimit && time.GetElapsedTime(started) < options.Budget)
            {
                if (stallLimit is { } stall && screened - progressAt >= stall)
                {
                    gaveUp = true;
                    break;
                }

                var count = Math.Min(options.BatchSize, phaseLimit - screened);
                var batch = new List<double[]>();
                for (var i = 0; i < count; i++)
                {
                    batch.Add(parent is null || screened + i < randomCount ? space.Sample(random) : Mutate(random, parent, sigma));
                }

                var scores = await Task.WhenAll(batch.Select(g => ScreenAsync(benchmark, benchmarkDirectory, space.Decode(g), starts, options, cancellationToken)));
                screened += count;
                waypointScreened += space.Waypoints ? count : 0;
                for (var i = 0; i < count; i++)
                {
                    if (scores[i] == 0 && phaseEvaluations < options.MaxFullEvaluations)
                    {
                        fullEvaluations++;
                        phaseEvaluations++;
                        var candidate = space.Decode(batch[i]);
                        var judged = benchmark;
                        if (options.BindLimits is { } bind)
                        {
                            var (cost, weight) = Figures(benchmark, candidate, candidate.ScreeningParts(options.CacheDirectory));
                            judged = bind(benchmark, cost, weight);
                        }

                        var report = await WriteAndEvaluateAsync(evaluator, judged, benchmarkDirectory, candidate, outputDirectory, evaluationOptions, cancellationToken);
                        if (report.Success)
                        {
                            return new SolveResult
                            {
                                Evaluation = report,
                                Benchmark = judged,
                                BestScore = 0,
                                CandidatesScreened = screened,
                                WaypointCandidates = waypointScreened,
                                FullEvaluations = fullEvaluations,
                                Seconds = Seconds(started),
                                LongestStall = Math.Max(longestStall, screened - count + i - progressAt),
                                Controls = candidate.Controls,
                            };
                        }

                        scores[i] = 1; // passed screening, failed a check only the real evaluator makes
                    }
                }

                if (screened <= randomCount)
                {
                    elite.AddRange(batch.Zip(scores));
                    elite = elite.OrderBy(e => e.Second).Take(EliteSize).ToList();
                }

                var improved = false;
                for (var i = 0; i < count; i++)
                {
                    if (scores[i] < bestScore)
                    {
                        (best, bestSpace, bestScore) = (batch[i], space, scores[i]);
                    }

                    if (scores[i] <= progressScore - SolverOptions.StallImprovement)
                    {
                        longestStall = Math.Max(longestStall, screened - count + i - progressAt);
                        (progressAt, progressScore) = (screened - count + i + 1, scores[i]);
                    }

                    if (scores[i] < parentScore)
                    {
                        (parent, parentScore, improved) = (batch[i], scores[i], true);
                    }
                }

                if (screened > randomCount)
                {
                    sigma = improved ? Math.Min(0.5, sigma * 1.5) : sigma * 0.85;
                    if (sigma < 0.02)
                    {
                        restarts++;
                        sigma = 0.2;
                        if (restarts < elite.Count)
                        {
                            (parent, parentScore) = elite[restarts];
                        }
                        else
                        {
                            (parent, parentScore) = (null, double.PositiveInfinity);
                            randomCount = screened + options.BatchSize; // one generation of fresh prior draws, then refine their best
                        }
                    }
                }
            }

            longestStall = Math.Max(longestStall, screened - progressAt);
        }

        EvaluationReport? last = null;
        IReadOnlyList<Solutions.ControlSpec> bestControls = [];
        var lastJudged = benchmark;
        if (best is not null)
        {
            // Judged like a screened candidate (under bound limits when asked), since a best candidate that only grazed
            // the goal in screening can still pass the evaluator: then it is the solution, with its bound benchmark.
            var candidate = bestSpace!.Decode(best);
            bestControls = candidate.Controls;
            if (options.BindLimits is { } bind)
            {
                var (cost, weight) = Figures(benchmark, candidate, candidate.ScreeningParts(options.CacheDirectory));
                lastJudged = bind(benchmark, cost, weight);
            }

            last = await WriteAndEvaluateAsync(evaluator, lastJudged, benchmarkDirectory, candidate, outputDirectory, evaluationOptions, cancellationToken);
            fullEvaluations++;
        }

        return new SolveResult
        {
            Evaluation = last,
            Benchmark = last?.Success == true ? lastJudged : null,
            BestScore = bestScore,
            CandidatesScreened = screened,
            WaypointCandidates = waypointScreened,
            FullEvaluations = fullEvaluations,
            Seconds = Seconds(started),
            LongestStall = longestStall,
            Controls = bestControls,
            Failure = last?.Success == true ? null : gaveUp
                ? $"gave up after {screened} candidates: the best candidate did not get {SolverOptions.StallImprovement * 1000:0.#} mm closer over the last {(waypointScreened > 0 ? phases[^1].StallLimit : options.StallLimit)} candidates{Phases(screened, waypointScreened)}{BestCandidate(last)}"
                : $"no candidate met every check and the objective in all samples after {screened} candidates{Phases(screened, waypointScreened)}{BestCandidate(last)}",
        };
    }

    /// <summary>The best candidate's full evaluation in words: its nearest miss in mm, as simulated (no screening penalty), and why it fails.</summary>
    private static string BestCandidate(EvaluationReport? best) => best is null ? string.Empty : "; the best candidate: " + ReasonWords.Summary(best);

    /// <summary>How the candidates split between ramp and waypoint controls, when any had waypoint controls.</summary>
    private static string Phases(int screened, int waypointScreened) =>
        waypointScreened == 0 ? string.Empty : $" ({screened - waypointScreened} with ramp controls, then {waypointScreened} with waypoint controls)";

    private double Seconds(long started) => Math.Round(time.GetElapsedTime(started).TotalSeconds, 3);

    private async Task<double> ScreenAsync(BenchmarkSpec benchmark, string benchmarkDirectory, Candidate candidate, IReadOnlyList<IReadOnlyList<JudgeStart>> groups, SolverOptions options, CancellationToken cancellationToken)
    {
        var parts = candidate.ScreeningParts(options.CacheDirectory);
        var penalty = CheckPenalty(benchmark, candidate, parts);
        if (penalty > 0)
        {
            return 10 + penalty;
        }

        // Group by group (sample 0 alone, then the corners, where misses are likeliest, then the rest), stopping at
        // the first group with a miss: a candidate that fails somewhere costs one or two groups, not every start.
        var anchors = candidate.AnchorPoints();
        foreach (var group in groups)
        {
            var runs = await ScreeningRun.RunAsync(simulation, benchmark, benchmarkDirectory, parts, anchors, candidate.Controls, group, options.GoalMargin, cancellationToken);
            if (!runs.All(s => s.Reached))
            {
                return Math.Max(1e-6, runs.Max(s => s.Miss));
            }
        }

        return 0;
    }

    /// <summary>Unit cost (USD, by the evaluator's cost formulas) and weight (kg) of the candidate's parts.</summary>
    private static (double UnitCost, double Weight) Figures(BenchmarkSpec benchmark, Candidate candidate, List<ScenePart> parts)
    {
        var weight = parts.Sum(p => p.Part.Mass(p.Material.Density));
        var groups = candidate.Parts.Zip(parts)
            .GroupBy(x => (x.Second.Part.MeshHash, x.First.Making))
            .Select(g => new PartCostInput(
                g.Select(x => x.First.Name).ToList(),
                g.Key.Making.Material,
                g.Key.Making.Process,
                g.First().Second.Part.VolumeCm3,
                g.First().Second.Part.Properties.SurfaceArea / 100,
                g.First().Second.Part.Properties.Bounds,
                PartSolid.MaximumWall(g.First().First),
                g.Count()))
            .ToList();
        return (new CostEstimator(new CostRates()).Estimate(groups, benchmark.Limits.Quantity).UnitCost, weight);
    }

    /// <summary>Analytic stand-ins for the evaluator's checks (oriented boxes instead of exact solids): 0 when all pass.</summary>
    private static double CheckPenalty(BenchmarkSpec benchmark, Candidate candidate, List<ScenePart> parts)
    {
        var penalty = 0.0;
        var obstacles = benchmark.Fixtures.Select(FixtureBox)
            .Concat(benchmark.Zones.Forbid.Select(z => OrientedBox.From(z.ToAabb())))
            .Concat(benchmark.AllPayloads().Select(p => OrientedBox.From(PayloadBounds(p))))
            .ToList();
        var boxes = candidate.Parts.Select(p => p.Box).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            penalty += obstacles.Sum(o => boxes[i].Penetration(o));
            for (var j = i + 1; j < boxes.Count; j++)
            {
                penalty += boxes[i].Penetration(boxes[j]);
            }
        }

        var (cost, weight) = Figures(benchmark, candidate, parts);
        penalty += Math.Max(0, weight - benchmark.Limits.MaxWeight);
        penalty += Math.Max(0, cost - benchmark.Limits.MaxUnitCost) / 100;
        return penalty;
    }

    private static OrientedBox FixtureBox(FixtureSpec fixture)
    {
        var pose = fixture.Pose.ToPose();
        var shape = fixture.Shape;
        var size = shape.Type switch
        {
            ShapeKind.Box => Vec3.From(shape.Size!),
            ShapeKind.Sphere => new Vec3(2 * shape.Radius!.Value, 2 * shape.Radius.Value, 2 * shape.Radius.Value),
            ShapeKind.Cylinder => new Vec3(2 * shape.Radius!.Value, 2 * shape.Radius.Value, shape.Height!.Value),
            _ => new Vec3(1e3, 1e3, 1e3), // a mesh fixture: judged by the exact check in the full evaluation only
        };
        return shape.Type is ShapeKind.Box or ShapeKind.Sphere or ShapeKind.Cylinder
            ? OrientedBox.From(pose.Position, size, pose.Rotation)
            : new OrientedBox(pose.Position, Vec3.Zero, new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
    }

    /// <summary>Where a payload can start: its bounds at the nominal pose grown by the jitter and 3 mm.</summary>
    private static Aabb PayloadBounds(PayloadSpec payload)
    {
        var pose = payload.Pose.ToPose();
        var radius = payload.Shape.Type switch
        {
            ShapeKind.Sphere => payload.Shape.Radius!.Value,
            ShapeKind.Box => Vec3.From(payload.Shape.Size!).Length / 2,
            _ => Math.Sqrt(Math.Pow(payload.Shape.Radius ?? 0, 2) + Math.Pow((payload.Shape.Height ?? 0) / 2, 2)),
        };
        var grow = Vec3.From(payload.Jitter.Position) + new Vec3(radius + 0.003, radius + 0.003, radius + 0.003);
        return new Aabb(pose.Position - grow, pose.Position + grow);
    }

    private static async Task<EvaluationReport> WriteAndEvaluateAsync(
        SolutionEvaluator evaluator,
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        Candidate candidate,
        string outputDirectory,
        EvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var solution = await SolutionWriter.WriteAsync(candidate, outputDirectory, cancellationToken);
        var report = await evaluator.EvaluateAsync(benchmark, benchmarkDirectory, solution, Path.GetFullPath(outputDirectory), options, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, EvaluationFile), JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport) + "\n", cancellationToken);
        return report;
    }

    private static double[] Mutate(Random random, double[] parent, double sigma)
    {
        var child = (double[])parent.Clone();
        var forced = random.Next(child.Length);
        var rate = Math.Min(0.5, GenesChanged / child.Length);
        for (var i = 0; i < child.Length; i++)
        {
            var change = random.NextDouble() < rate;
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            if (change || i == forced)
            {
                var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                child[i] = Math.Clamp(child[i] + (sigma * normal), 0, 1);
            }
        }

        return child;
    }
}
