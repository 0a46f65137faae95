using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Engineering.Tools;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

/// <summary>The sorting family (two payloads, each into its own goal) and benchmarks with several payloads in general.</summary>
public sealed class SortingFamilyTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    /// <summary>The run seed whose first candidate is candidate 1 of run seed 5 (CandidateSeed(5 + 0x9E3779B97F4A7C15, 0) == CandidateSeed(5, 1)).</summary>
    private const long KeptSeed = -7046029254386353126L;

    private readonly TempDirectory _temp = new("leviathan-sorting");

    [Fact]
    public void Create_ManySeeds_SortingDrawsValidSpecsWithTwoPayloadsEachBoundForItsOwnBinBeyondItsDropPoint()
    {
        var family = BenchmarkFamilies.Find("sorting").ShouldNotBeNull();
        for (var seed = 1; seed <= 200; seed++)
        {
            var b = family.Create($"sorting-{seed}", seed, new Random(seed));

            var errors = BenchmarkValidator.Validate(b, _temp.Path);
            errors.ShouldBeEmpty($"seed {seed}: {string.Join("; ", errors)}");
            b.Objective.Kind.ShouldBe(ObjectiveKind.Settle);
            var deliveries = Deliveries.Of(b);
            deliveries.Select(d => (d.Payload.Name, d.GoalName)).ShouldBe([("red", "bin-red"), ("blue", "bin-blue")]);
            var (red, blue) = (deliveries[0], deliveries[1]);

            // Red drops on the left and its bin lies further left; blue mirrored: no payload starts over its own bin or the other's.
            red.Payload.Pose.Position[0].ShouldBeLessThan(blue.Payload.Pose.Position[0]);
            red.Goal.Max[0].ShouldBeLessThan(red.Payload.Pose.Position[0] - red.Payload.Jitter.Position[0], $"seed {seed}");
            blue.Goal.Min[0].ShouldBeGreaterThan(blue.Payload.Pose.Position[0] + blue.Payload.Jitter.Position[0], $"seed {seed}");

            // The build zone lies between the bins and under both drop points; each payload is jittered.
            var build = b.Zones.Build.ToAabb();
            build.Min.X.ShouldBeGreaterThan(red.Goal.Max[0]);
            build.Max.X.ShouldBeLessThan(blue.Goal.Min[0]);
            foreach (var d in deliveries)
            {
                build.Min.X.ShouldBeLessThan(d.Payload.Pose.Position[0]);
                build.Max.X.ShouldBeGreaterThan(d.Payload.Pose.Position[0]);
                build.Max.Z.ShouldBeLessThan(d.Payload.Pose.Position[2] - d.Payload.Shape.Radius!.Value);
                d.Payload.Jitter.Position.ShouldAllBe(v => v >= 0);
                d.Payload.Jitter.Position[0].ShouldBeGreaterThan(0);
            }

            // Every judge start jitters both payloads, each with its own draws; the corners move both.
            var starts = JudgeStarts.List(b, new EvaluationOptions());
            starts.ShouldAllBe(s => s.Others.Count == 1);
            starts.Take(EvaluationOptions.DefaultSamples).Select(s => s.Others[0].Position).Distinct().Count().ShouldBe(EvaluationOptions.DefaultSamples);
            starts.Single(s => s.Label == "nominal").Others[0].Position.ShouldBe(Geometry.Vec3.From(blue.Payload.Pose.Position));
            starts.Count(s => s.Label.StartsWith("corner", StringComparison.Ordinal)).ShouldBe(4);
        }
    }

    [Fact]
    public void Parse_InconsistentPayloadsAndGoals_NamesEachProblemWithItsPath()
    {
        var wrongGoal = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Sorting(root => root["extra_payloads"]![0]!["goal"] = "bin-green")));
        var error = wrongGoal.Errors.Single(e => e.Path == "$.extra_payloads[0].goal");
        error.Message.ShouldContain("no goal zone is named 'bin-green'");
        error.Message.ShouldContain("'bin-red', 'bin-blue'");
        wrongGoal.Errors.Count.ShouldBe(2, "the blue bin is now no payload's goal, which is reported too");

        var noGoal = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Sorting(root => root["extra_payloads"]![0]!.AsObject().Remove("goal"))));
        noGoal.Errors.Select(e => e.Path).ShouldBe(["$.zones.extra_goals[0].name", "$.extra_payloads[0].goal"], ignoreOrder: true);
        noGoal.Errors.ShouldContain(e => e.Message.Contains("no payload has 'bin-blue' as its goal", StringComparison.Ordinal));

        var sameName = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Sorting(root => root["extra_payloads"]![0]!["name"] = "red")));
        sameName.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.extra_payloads[0].name");

        var mainElsewhere = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Sorting(root => root["payload"]!["goal"] = "bin-blue")));
        mainElsewhere.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.payload.goal");

        var unnamed = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Sorting(root => root["zones"]!["extra_goals"]![0]!.AsObject().Remove("name"))));
        unnamed.Errors.ShouldContain(e => e.Path == "$.zones.extra_goals[0].name" && e.Message.Contains("needs a 'name'", StringComparison.Ordinal));
    }

    [Fact]
    public void DescribeEnvironment_TwoPayloads_PlacesEachRelativeToItsOwnGoalAndListsBothGoals()
    {
        var spec = new SortingFamily().Create("sorting-test", 3, new Random(3));

        var text = CadRenderTool.DescribeEnvironment(spec, _temp.Path);

        text.ShouldContain("payload 'red' at its start");
        text.ShouldContain("payload 'blue' at its start");
        text.ShouldContain("box gap to its goal zone 'bin-red'");
        text.ShouldContain("box gap to its goal zone 'bin-blue'");
        text.ShouldContain("goal zone 'bin-blue': x ");
        var scene = Leviathan.Engineering.Scenes.SceneBuilder.Environment(spec, _temp.Path).ToString();
        scene.ShouldContain("name=\"blue\"");
        scene.ShouldContain("zone-goal-bin-blue");
    }

    [Fact]
    public async Task Load_ShippedSinglePayloadBenchmark_ReadsAndWritesTheSameJsonAndJudgesItsReferenceAsItsStoredEvaluation()
    {
        var folder = Path.Combine(TestPaths.RepositoryRoot, "examples", "suites", "physics-small", "drop-78c0d7ff");
        var path = Path.Combine(folder, "benchmark.json");
        var benchmark = BenchmarkLoader.Load(path);

        benchmark.ExtraPayloads.ShouldBeNull();
        benchmark.Zones.ExtraGoals.ShouldBeNull();
        Deliveries.Of(benchmark).ShouldHaveSingleItem().Goal.ShouldBe(benchmark.Zones.Goal);
        var written = JsonNode.Parse(JsonSerializer.Serialize(benchmark, EngineeringJsonContext.Default.BenchmarkSpec));
        JsonNode.DeepEquals(written, JsonNode.Parse(await File.ReadAllTextAsync(path))).ShouldBeTrue("a one-payload benchmark is written back exactly as it was read");

        var stored = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(folder, "reference", "evaluation.json")), EngineeringJsonContext.Default.EvaluationReport).ShouldNotBeNull();
        var reference = Path.Combine(folder, "reference");
        var report = await Evaluator().EvaluateAsync(benchmark, folder, SolutionLoader.Load(reference, benchmark), reference, new EvaluationOptions(), CancellationToken.None);

        report.Success.ShouldBe(stored.Success);
        report.Reasons.Select(r => r.Message).ShouldBe(stored.Reasons.Select(r => r.Message));
        report.Samples.Count.ShouldBe(stored.Samples.Count);
        foreach (var (now, before) in report.Samples.Zip(stored.Samples))
        {
            (now.Label, now.Passed, now.ReachedGoal, now.TimeToGoal, now.ClosestDistance).ShouldBe((before.Label, before.Passed, before.ReachedGoal, before.TimeToGoal, before.ClosestDistance), $"start {now.Label}");
            now.Start.ShouldBe(before.Start);
            now.FinalPosition.ShouldBe(before.FinalPosition);
            now.Payloads.ShouldBeNull();
        }
    }

    [Fact]
    public async Task Generate_Sorting_KeepsABenchmarkThatPassesCheck_AndTheJudgeHoldsEachPayloadToItsOwnGoal()
    {
        var index = await new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).GenerateAsync(
            new GeneratorOptions
            {
                Count = 1,
                Seed = KeptSeed,
                OutputDirectory = _temp.Combine("out"),
                Families = [BenchmarkFamilies.Find("sorting")!],
                Workers = 1,
                MaxCandidates = 1,
                Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 1000 },
            },
            null,
            CancellationToken.None);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Kept.ShouldBeTrue($"{kept.Id} {kept.Reason} {kept.Detail}");
        var folder = _temp.Combine("out", kept.Id);
        var check = await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System).CheckAsync(folder, new VerificationOptions(), CancellationToken.None);
        check.Valid.Passed.ShouldBeTrue(check.Valid.Detail);
        check.NonTrivial.Passed.ShouldBeTrue(check.NonTrivial.Detail);
        check.NonTrivial.Detail.ShouldContain("every payload misses its goal");
        var reference = check.Reference.ShouldNotBeNull();
        reference.Success.ShouldBeTrue(string.Join("; ", reference.Reasons.Select(r => r.Message)));
        reference.Samples.ShouldAllBe(s => s.Payloads!.Count == 2 && s.Payloads.All(p => p.ReachedGoal));

        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json"));
        var solution = SolutionLoader.Load(Path.Combine(folder, "reference"), benchmark);
        var text = EvaluationText.Samples(reference, benchmark);
        text.ShouldContain("'red' -> goal zone 'bin-red'");
        text.ShouldContain("payload 'blue' -> goal 'bin-blue': delivered");

        // Without the parts on the blue side (the ramp under the blue ball), red is still delivered and blue is not.
        var middle = (benchmark.Payload.Pose.Position[0] + benchmark.ExtraPayloads![0].Pose.Position[0]) / 2;
        var redOnly = solution with { Parts = solution.Parts.Where(p => p.Position[0] < middle).ToList() };
        redOnly.Parts.Count.ShouldBeLessThan(solution.Parts.Count);
        var oneMissed = await EvaluateAsync(benchmark, folder, redOnly);
        oneMissed.Success.ShouldBeFalse();
        var missed = oneMissed.Reasons.Where(r => r.Code == ReasonCodes.ObjectiveMissed).ShouldHaveSingleItem();
        missed.Payload.ShouldBe("blue");
        missed.Message.ShouldContain("payload 'blue' does not settle in its goal zone 'bin-blue'");
        missed.Message.ShouldContain("closest approach");
        oneMissed.Samples.ShouldAllBe(s => s.Payloads![0].ReachedGoal && !s.Payloads[1].ReachedGoal);
        var missedText = EvaluationText.Samples(oneMissed, benchmark);
        missedText.ShouldContain("payload 'blue' -> goal 'bin-blue': MISSED");
        missedText.ShouldContain("payload 'red' -> goal 'bin-red': delivered");
        missedText.ShouldContain("objective_missed: payload 'blue'");

        // Each payload counts only in its own goal: with the goals swapped, the same run fails for both.
        var swapped = benchmark with
        {
            Zones = benchmark.Zones with
            {
                Goal = benchmark.Zones.ExtraGoals![0] with { Name = benchmark.Zones.Goal.Name },
                ExtraGoals = [benchmark.Zones.Goal with { Name = benchmark.Zones.ExtraGoals[0].Name }],
            },
        };
        BenchmarkValidator.Validate(swapped, folder).ShouldBeEmpty();
        var crossed = await EvaluateAsync(swapped, folder, solution);
        crossed.Success.ShouldBeFalse();
        crossed.Reasons.Where(r => r.Code == ReasonCodes.ObjectiveMissed).Select(r => r.Payload).ShouldBe(["red", "blue"]);
        crossed.Samples.ShouldAllBe(s => !s.Passed && s.Payloads!.All(p => !p.ReachedGoal));
    }

    public void Dispose() => _temp.Dispose();

    private SolutionEvaluator Evaluator() => new(RealCad.Analyzer(), simulation.Client, TimeProvider.System);

    private async Task<EvaluationReport> EvaluateAsync(BenchmarkSpec benchmark, string folder, SolutionSpec solution) =>
        await Evaluator().EvaluateAsync(benchmark, folder, solution, Path.Combine(folder, "reference"), new EvaluationOptions(), CancellationToken.None);

    /// <summary>A drawn sorting benchmark as JSON, changed by <paramref name="change"/>.</summary>
    private static string Sorting(Action<JsonNode> change)
    {
        var spec = new SortingFamily().Create("sorting-test", 3, new Random(3));
        var root = JsonNode.Parse(JsonSerializer.Serialize(spec, EngineeringJsonContext.Default.BenchmarkSpec))!;
        change(root);
        return root.ToJsonString();
    }
}
