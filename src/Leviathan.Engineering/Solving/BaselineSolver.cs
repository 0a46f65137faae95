using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Simulation;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The baseline solver: a seeded search over box parts (<see cref="SearchSpace"/>). It first samples the space
/// uniformly, then runs a (1+λ) evolution strategy on the best candidate (Gaussian steps in gene space, step size
/// grown by 1.5 on improvement and shrunk by 0.85 otherwise, restart from a random point when it collapses).
/// Candidates are screened cheaply — meshes built in code, analytic build-zone, payload, fixture, forbid-zone,
/// weight and cost checks, then the jittered simulation — and one that meets the objective in every sample is
/// judged by the real evaluator (OpenSCAD parts, exact overlaps, manufacturability). The best candidate is
/// written as a solution folder with <c>evaluation.json</c> beside it.
/// </summary>
public sealed class BaselineSolver(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    /// <summary>The evaluation written beside the solution.</summary>
    public const string EvaluationFile = "evaluation.json";

    public async Task<SolveResult> SolveAsync(BenchmarkSpec benchmark, string benchmarkDirectory, string outputDirectory, SolverOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (ChooseMaking(benchmark) is not { } making)
        {
            return new SolveResult { BestScore = double.PositiveInfinity, CandidatesScreened = 0, FullEvaluations = 0, Seconds = 0, Failure = "the benchmark allows no material and process the solver can make boxes with (print3d or cnc_milling)" };
        }

        var space = new SearchSpace(benchmark, making.Process == ManufacturingProcess.Print3d ? 0.2 : 0.29);
        var random = new Random(options.Seed);
        var randomCount = Math.Max(options.BatchSize, (int)(options.MaxCandidates * options.RandomShare));
        double[]? parent = null;
        var parentScore = double.PositiveInfinity;
        double[]? best = null;
        var bestScore = double.PositiveInfinity;
        var sigma = 0.2;
        var screened = 0;
        var fullEvaluations = 0;
        var evaluator = new SolutionEvaluator(analyzer, simulation, time);
        var evaluationOptions = new EvaluationOptions { Samples = options.Samples };

        while (screened < options.MaxCandidates && time.GetElapsedTime(started) < options.Budget)
        {
            var count = Math.Min(options.BatchSize, options.MaxCandidates - screened);
            var batch = new List<double[]>();
            for (var i = 0; i < count; i++)
            {
                batch.Add(parent is null || screened + i < randomCount ? Uniform(random, space.Dimensions) : Mutate(random, parent, sigma));
            }

            var scores = await Task.WhenAll(batch.Select(g => ScreenAsync(benchmark, benchmarkDirectory, space.Decode(g), making, options, cancellationToken)));
            screened += count;
            for (var i = 0; i < count; i++)
            {
                if (scores[i] == 0 && fullEvaluations < options.MaxFullEvaluations)
                {
                    fullEvaluations++;
                    var report = await WriteAndEvaluateAsync(evaluator, benchmark, benchmarkDirectory, space.Decode(batch[i]), making, outputDirectory, evaluationOptions, cancellationToken);
                    if (report.Success)
                    {
                        return new SolveResult { Evaluation = report, BestScore = 0, CandidatesScreened = screened, FullEvaluations = fullEvaluations, Seconds = Seconds(started) };
                    }

                    scores[i] = 1; // passed screening, failed a check only the real evaluator makes
                }
            }

            var improved = false;
            for (var i = 0; i < count; i++)
            {
                if (scores[i] < bestScore)
                {
                    (best, bestScore) = (batch[i], scores[i]);
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
                    (parent, parentScore, sigma) = (null, double.PositiveInfinity, 0.2);
                }
            }
        }

        EvaluationReport? last = null;
        if (best is not null)
        {
            last = await WriteAndEvaluateAsync(evaluator, benchmark, benchmarkDirectory, space.Decode(best), making, outputDirectory, evaluationOptions, cancellationToken);
            fullEvaluations++;
        }

        return new SolveResult
        {
            Evaluation = last,
            BestScore = bestScore,
            CandidatesScreened = screened,
            FullEvaluations = fullEvaluations,
            Seconds = Seconds(started),
            Failure = last?.Success == true ? null : $"no candidate met every check and the objective in all samples after {screened} candidates (best screening score {bestScore:0.###})",
        };
    }

    private double Seconds(long started) => Math.Round(time.GetElapsedTime(started).TotalSeconds, 3);

    /// <summary>PLA printed if the benchmark allows it, otherwise the first allowed material a CNC mill or printer can shape.</summary>
    internal static (Material Material, ManufacturingProcess Process)? ChooseMaking(BenchmarkSpec benchmark)
    {
        var processes = new[] { ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling }.Where(benchmark.Limits.Processes.Contains).ToList();
        foreach (var process in processes)
        {
            foreach (var id in new[] { "pla", "abs", "hardwood", "aluminium_6061", "steel" }.Where(benchmark.Limits.Materials.Contains))
            {
                var material = MaterialTable.Get(id);
                if (material.Processes.Contains(process))
                {
                    return (material, process);
                }
            }
        }

        return null;
    }

    private async Task<double> ScreenAsync(BenchmarkSpec benchmark, string benchmarkDirectory, Candidate candidate, (Material Material, ManufacturingProcess Process) making, SolverOptions options, CancellationToken cancellationToken)
    {
        var parts = candidate.Parts.Select(p => new ScenePart(
            p.Name,
            BoxPart.Create(p.Size * 1000, options.CacheDirectory),
            making.Material,
            new Pose(p.Position, Rotation.FromOpenScadEuler(p.Rotation)),
            p.Mount)).ToList();
        var penalty = CheckPenalty(benchmark, candidate, parts, making);
        if (penalty > 0)
        {
            return 10 + penalty;
        }

        var anchors = candidate.Anchors.ToDictionary(a => a.Name, a => Vec3.From(a.Anchor), StringComparer.Ordinal);
        var samples = await ScreeningRun.RunAsync(simulation, benchmark, benchmarkDirectory, parts, anchors, candidate.Controls, options.Samples, cancellationToken);
        return samples.All(s => s.Reached) ? 0 : Math.Max(1e-6, samples.Max(s => s.Miss));
    }

    /// <summary>Analytic stand-ins for the evaluator's checks (bounding boxes instead of exact solids): 0 when all pass.</summary>
    private static double CheckPenalty(BenchmarkSpec benchmark, Candidate candidate, List<ScenePart> parts, (Material Material, ManufacturingProcess Process) making)
    {
        var penalty = 0.0;
        var payload = PayloadBounds(benchmark);
        var obstacles = benchmark.Fixtures.Select(FixtureBounds).Concat(benchmark.Zones.Forbid.Select(z => z.ToAabb())).Append(payload).ToList();
        foreach (var part in candidate.Parts)
        {
            var half = SearchSpace.HalfExtent(part.Size, Rotation.FromOpenScadEuler(part.Rotation));
            var box = new Aabb(part.Position - half, part.Position + half);
            penalty += obstacles.Sum(o => Intersection(box, o));
        }

        var weight = parts.Sum(p => p.Part.Mass(p.Material.Density));
        penalty += Math.Max(0, weight - benchmark.Limits.MaxWeight);
        var groups = parts.GroupBy(p => p.Part.MeshHash).Select(g => new PartCostInput(
            g.Select(p => p.Name).ToList(), making.Material, making.Process, g.First().Part.VolumeCm3, g.First().Part.Properties.SurfaceArea / 100, g.First().Part.Properties.Bounds, null, g.Count())).ToList();
        var cost = new CostEstimator(new CostRates()).Estimate(groups, benchmark.Limits.Quantity).UnitCost;
        penalty += Math.Max(0, cost - benchmark.Limits.MaxUnitCost) / 100;
        return penalty;
    }

    private static double Intersection(Aabb a, Aabb b)
    {
        var low = Vec3.Max(a.Min, b.Min);
        var high = Vec3.Min(a.Max, b.Max);
        var d = high - low;
        return d.X > 0 && d.Y > 0 && d.Z > 0 ? d.X + d.Y + d.Z : 0;
    }

    private static Aabb FixtureBounds(FixtureSpec fixture)
    {
        var pose = fixture.Pose.ToPose();
        var half = HalfExtent(fixture.Shape, pose.Rotation);
        return new Aabb(pose.Position - half, pose.Position + half);
    }

    /// <summary>Where the payload can start: its bounds at the nominal pose grown by the jitter and 3 mm.</summary>
    private static Aabb PayloadBounds(BenchmarkSpec benchmark)
    {
        var pose = benchmark.Payload.Pose.ToPose();
        var radius = benchmark.Payload.Shape.Type switch
        {
            ShapeKind.Sphere => benchmark.Payload.Shape.Radius!.Value,
            ShapeKind.Box => Vec3.From(benchmark.Payload.Shape.Size!).Length / 2,
            _ => Math.Sqrt(Math.Pow(benchmark.Payload.Shape.Radius ?? 0, 2) + Math.Pow((benchmark.Payload.Shape.Height ?? 0) / 2, 2)),
        };
        var grow = Vec3.From(benchmark.Payload.Jitter.Position) + new Vec3(radius + 0.003, radius + 0.003, radius + 0.003);
        return new Aabb(pose.Position - grow, pose.Position + grow);
    }

    private static Vec3 HalfExtent(ShapeSpec shape, Rotation rotation) => shape.Type switch
    {
        ShapeKind.Box => SearchSpace.HalfExtent(Vec3.From(shape.Size!), rotation),
        ShapeKind.Sphere => new Vec3(shape.Radius!.Value, shape.Radius.Value, shape.Radius.Value),
        ShapeKind.Cylinder => SearchSpace.HalfExtent(new Vec3(2 * shape.Radius!.Value, 2 * shape.Radius.Value, shape.Height!.Value), rotation),
        _ => new Vec3(1e3, 1e3, 1e3),
    };

    private static async Task<EvaluationReport> WriteAndEvaluateAsync(
        SolutionEvaluator evaluator,
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        Candidate candidate,
        (Material Material, ManufacturingProcess Process) making,
        string outputDirectory,
        EvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var solution = await SolutionWriter.WriteAsync(candidate, making.Material.Id, making.Process, outputDirectory, cancellationToken);
        var report = await evaluator.EvaluateAsync(benchmark, benchmarkDirectory, solution, Path.GetFullPath(outputDirectory), options, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, EvaluationFile), JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport) + "\n", cancellationToken);
        return report;
    }

    private static double[] Uniform(Random random, int dimensions) => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray();

    private static double[] Mutate(Random random, double[] parent, double sigma) => parent.Select(g =>
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Clamp(g + (sigma * normal), 0, 1);
    }).ToArray();
}
