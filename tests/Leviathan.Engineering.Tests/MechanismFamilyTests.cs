using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

/// <summary>The families that need mechanisms beyond straight ramps: the flap gate (a passive hinge) and the chute (a curved guide).</summary>
public sealed class MechanismFamilyTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-mech");

    // Each seed is the run seed whose first candidate is candidate 1, 3 or 4 of run seed 1
    // (BenchmarkGenerator.CandidateSeed(1 + k * 0x9E3779B97F4A7C15, 0) == CandidateSeed(1, k)), so one candidate is proven per case.
    [Theory]
    [InlineData("gate", -2691343689449507776L)]
    [InlineData("gate", 8709371129873690709L)]
    [InlineData("chute", -7046029254386353130L)]
    [InlineData("chute", 8709371129873690709L)]
    public async Task Generate_MechanismFamily_KeepsASettleBenchmarkThatPassesCheck(string family, long seed)
    {
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, family, seed, maxCandidates: 1, solverCandidates: 300);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Kept.ShouldBeTrue($"{kept.Id} {kept.Reason} {kept.Detail}");
        var folder = _temp.Combine("out", kept.Id);
        await FamilyGeneration.ShouldPassCheckAsync(simulation, folder);

        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json"));
        benchmark.Family.ShouldBe(family);
        benchmark.Objective.Kind.ShouldBe(ObjectiveKind.Settle);
        kept.Level.ShouldNotBeNull().ShouldBeInRange(0, Difficulty.MaxLevel);
        if (family == "gate")
        {
            benchmark.Fixtures.Single(f => f.Hinge is not null).Name.ShouldBe("flap");
        }
    }

    [Fact]
    public void SearchSpace_ALineOfSightBlockedByAFixture_GetsACurvedGuideOfSeparateNonOverlappingSegments()
    {
        var chute = new ChuteFamily().Create("chute-test", 5, new Random(5));
        var clear = new DropFamily().Create("drop-test", 5, new Random(5)) with { Fixtures = [new DropFamily().Create("drop-test", 5, new Random(5)).Fixtures[0]] };
        var makings = Making.Allowed(chute, new EvaluationOptions().Rules);

        new SearchSpace(clear, makings).Dimensions.ShouldBe(3 * SearchSpace.SlotGenes, "no fixture in the way: the space without guides");
        var space = new SearchSpace(chute, makings);
        space.Dimensions.ShouldBe(4 * SearchSpace.SlotGenes);

        // World slots off; the guide (slot 4): anchor mid-zone, straight ahead, entering at 47.5° down and turning through 100°, six segments.
        var genes = new double[space.Dimensions];
        double[] guide = [1, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        guide.CopyTo(genes, 3 * SearchSpace.SlotGenes);
        var parts = space.Decode(genes).Parts;

        parts.Count.ShouldBe(6);
        parts.ShouldAllBe(p => p.Role == "curved guide segment" && p.Mount == "world");
        var slopes = parts.Select(p => p.Rotation.Y).ToList();
        slopes.ShouldBe(slopes.OrderDescending().ToList(), "each segment turns further up than the one before");
        slopes[0].ShouldBeGreaterThan(0, "the entry goes down");
        slopes[^1].ShouldBeLessThan(0, "the exit goes up");
        for (var i = 0; i < parts.Count; i++)
        {
            for (var j = i + 1; j < parts.Count; j++)
            {
                parts[i].Box.Penetration(parts[j].Box).ShouldBe(0);
            }
        }

        var build = chute.Zones.Build.ToAabb();
        parts.ShouldAllBe(p => build.Contains(p.Box.Bounds, 1e-6));
    }

    [Fact]
    public async Task SolutionWriter_CurvedGuide_WritesOpenScadPartsThatRenderToTheScreenedSolids()
    {
        var chute = new ChuteFamily().Create("chute-test", 5, new Random(5));
        var space = new SearchSpace(chute, Making.Allowed(chute, new EvaluationOptions().Rules));
        var genes = new double[space.Dimensions];
        double[] guide = [1, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        guide.CopyTo(genes, 3 * SearchSpace.SlotGenes);
        var candidate = space.Decode(genes);

        var solution = await SolutionWriter.WriteAsync(candidate, _temp.Combine("solution"), CancellationToken.None);

        solution.Parts.Count.ShouldBe(6);
        foreach (var (spec, part) in solution.Parts.Zip(candidate.Parts))
        {
            var analysis = await RealCad.Analyzer().AnalyzeAsync(_temp.Combine("solution", spec.File), CancellationToken.None);
            var rendered = analysis.Part.ShouldNotBeNull(analysis.Render.Describe());
            var size = rendered.Properties.Bounds.Size;
            size.X.ShouldBe(part.Size.X * 1000, 0.01);
            size.Z.ShouldBe(part.Size.Z * 1000, 0.01);
        }

        SolutionValidator.Validate(solution, chute, _temp.Combine("solution")).ShouldBeEmpty();
    }

    public void Dispose() => _temp.Dispose();
}
