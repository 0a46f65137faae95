using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

public sealed class GenerationRulesTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-gen-rules");

    [Fact]
    public async Task Generate_SameSeedTwice_WritesTheSameBenchmarksAndReferences()
    {
        var first = await GenerateAsync("a", seed: 42, workers: 1);
        var second = await GenerateAsync("b", seed: 42, workers: 2);
        var other = await GenerateAsync("c", seed: 43, workers: 1);

        second.Candidates.Select(c => (c.Id, c.Kept, c.Reason)).ShouldBe(first.Candidates.Select(c => (c.Id, c.Kept, c.Reason)));
        first.Kept.ShouldBe(2);
        foreach (var kept in first.Candidates.Where(c => c.Kept))
        {
            Read("a", kept.Id, "benchmark.json").ShouldBe(Read("b", kept.Id, "benchmark.json"));
            Read("a", kept.Id, "reference", "solution.json").ShouldBe(Read("b", kept.Id, "reference", "solution.json"));
        }

        other.Candidates.Select(c => c.Id).ShouldNotBe(first.Candidates.Select(c => c.Id));
    }

    [Fact]
    public async Task Prove_GoalAlreadyReachedWithoutASolution_IsRejectedAsTrivial()
    {
        // The ball drops straight into a goal right below it.
        var benchmark = new DropFamily().Create("trivial-drop", 5, new Random(5));
        var x = benchmark.Payload.Pose.Position[0];
        benchmark = benchmark with { Zones = benchmark.Zones with { Goal = new ZoneSpec { Min = [x - 0.1, -0.1, 0], Max = [x + 0.1, 0.1, 0.1] } } };

        var verdict = await Verifier().CheckNonTrivialAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None);

        verdict.Passed.ShouldBeFalse();
        verdict.Detail.ShouldContain("meets the objective from start(s) 0, 1, 2, 3, 4, 5, 6, 7, nominal, corner 0, corner 1, corner 2, corner 3 of 8 jitter samples and 5 extreme starts");
        (await Verifier().CheckValidAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None)).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task Prove_GoalReachedOnlyFromTheEdgeOfTheJitterRange_IsRejectedAsTrivialThroughTheExtremes()
    {
        // The ball drops straight down; the goal begins 9.5 mm to the right of the nominal drop point and the jitter
        // reaches 10 mm, so only starts near the +x extreme land in it.
        var benchmark = new DropFamily().Create("edge-drop", 5, new Random(5));
        var x = benchmark.Payload.Pose.Position[0];
        benchmark = benchmark with { Zones = benchmark.Zones with { Goal = new ZoneSpec { Min = [x + 0.0095, -0.2, 0], Max = [x + 0.2, 0.2, 0.5] } } };
        JitterStarts.Evaluator(benchmark, 8).ShouldAllBe(p => p.Position.X < x + 0.0095); // no random sample lands in it
        JitterStarts.Extremes(benchmark).Count.ShouldBe(5); // nominal and the 4 corners of the x-y jitter square

        var randomOnly = await Verifier().CheckNonTrivialAsync(benchmark, _temp.Path, new VerificationOptions { TrivialityExtremes = false }, CancellationToken.None);
        var withExtremes = await Verifier().CheckNonTrivialAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None);

        randomOnly.Passed.ShouldBeTrue(randomOnly.Detail);
        withExtremes.Passed.ShouldBeFalse();
        withExtremes.Detail.ShouldContain("from start(s) corner 1, corner 3 of 8 jitter samples and 5 extreme starts");
    }

    [Fact]
    public async Task Prove_BallClearOfTheLedgeOnlyAtTheNominalStart_IsInvalidAtTheJitterCornersAsSimValidateSays()
    {
        // A ball 0.2 mm above a ledge inclined 20°: moved 4 mm up the slope (the -x jitter corners) it starts
        // 4 sin 20° - 0.2 = 1.17 mm inside the ledge.
        var benchmark = BallOnLedge(clearance: 0.0002, inclineDegrees: 20);
        var folder = _temp.Combine("ledge");
        Directory.CreateDirectory(folder);

        var verdict = await Verifier().CheckValidAsync(benchmark, folder, new VerificationOptions(), CancellationToken.None);

        verdict.Passed.ShouldBeFalse();
        verdict.Detail.ShouldContain("payload at corner 0");
        verdict.Detail.ShouldContain("payload at corner 2");
        verdict.Detail.ShouldNotContain("corner 1 ");
        verdict.Detail.ShouldContain("geom 'fixture-ledge' and geom 'ball' overlap by 1.168 mm");
        var nominal = await simulation.Client.ValidateAsync(Leviathan.Simulation.ModelSource.FromXml(Leviathan.Engineering.Scenes.SceneBuilder.Environment(benchmark, folder).ToString(), folder), null, CancellationToken.None);
        nominal.Valid.ShouldBeTrue(string.Join("; ", nominal.Errors));
        var corner = Leviathan.Engineering.Evaluation.JudgeStarts.List(benchmark, 0, extremes: true).Single(s => s.Label == "corner 0");
        var moved = Leviathan.Engineering.Scenes.SceneBuilder.Build(benchmark, folder, [], new Dictionary<string, Vec3>(), corner.Pose).ToString();
        var simValidate = await simulation.Client.ValidateAsync(Leviathan.Simulation.ModelSource.FromXml(moved, folder), null, CancellationToken.None);
        simValidate.Valid.ShouldBeFalse();
        simValidate.Stats.MaxPenetrationMm.ShouldBe(1.168, 0.001);
    }

    [Fact]
    public async Task Prove_BallClearOfTheLedgeAtEveryStart_IsValid()
    {
        var benchmark = BallOnLedge(clearance: 0.0002, inclineDegrees: 8); // 4 sin 8° - 0.2 = 0.36 mm at the corners

        var verdict = await Verifier().CheckValidAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None);

        verdict.Passed.ShouldBeTrue(verdict.Detail);
        verdict.Detail.ShouldContain("no penetration at the nominal start or the 12 other starts the judge uses");
    }

    [Fact]
    public async Task Prove_BallFallingIntoThePit_ReportsTheRealClosestApproachAsTheNearestMiss()
    {
        // The ball rolls off the ledge into the pit (a forbid zone) and lies there: the solver's score adds 0.2 m
        // plus the seconds spent in the pit, but the nearest miss is a distance the ball really came to the goal.
        var benchmark = new GapFamily().Create("pit", 3, new Random(3));
        var start = Vec3.From(benchmark.Payload.Pose.Position);
        var fromStart = benchmark.Zones.Goal.ToAabb().DistanceTo(start);

        var verdict = await Verifier().CheckNonTrivialAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None);

        verdict.Passed.ShouldBeTrue(verdict.Detail);
        var match = System.Text.RegularExpressions.Regex.Match(verdict.Detail, @"nearest miss ([0-9.]+) mm");
        match.Success.ShouldBeTrue(verdict.Detail);
        var nearest = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1000;
        nearest.ShouldBeLessThanOrEqualTo(fromStart + 0.0001);
        nearest.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task GapFamily_BallReachingTheGapUnaided_LeavesTimeToCrossSettleAndHoldBeforeTheLimit()
    {
        // With the settle bin the ball must cross the gap, come to rest in the bin and hold still for the hold time
        // before the limit. A ball off a 3.7° ledge reached the gap after about 1.1 s and needed about 1.6 s more:
        // limits that left less were unsolvable, and each such draw screened until the solver's stall limit.
        var tightest = double.PositiveInfinity;
        for (var i = 0; i < 60; i++)
        {
            var seed = BenchmarkGenerator.CandidateSeed(7, i); // the generator's candidate seeds
            var benchmark = new GapFamily().Create("late", seed, new Random((int)seed));
            var edge = benchmark.Zones.Build.Min[0] - 0.002; // the ledge's top edge at the gap
            var result = await simulation.Client.SimulateAsync(
                new Leviathan.Simulation.Running.SimulationRequest
                {
                    Model = Leviathan.Simulation.ModelSource.FromXml(Leviathan.Engineering.Scenes.SceneBuilder.Environment(benchmark, _temp.Path).ToString(), _temp.Path),
                    Seconds = benchmark.Objective.TimeLimit,
                    Bodies = [benchmark.Payload.Name],
                    SampleRateHz = 100,
                },
                CancellationToken.None);

            var path = result.Trajectories[benchmark.Payload.Name];
            var reached = Enumerable.Range(0, path.Count).Where(i => path[i].X >= edge).DefaultIfEmpty(-1).First();
            reached.ShouldBeGreaterThanOrEqualTo(0, $"seed {seed}: the ball never reached the gap");
            tightest = Math.Min(tightest, benchmark.Objective.TimeLimit - result.SampleTimes[reached]);
        }

        tightest.ShouldBeGreaterThan(2.0);
    }

    [Fact]
    public void Extremes_ThreeJitteredAxes_AreTheNominalStartAndTheEightCornersOfTheJitterBox()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("flip-into-bin")); // x, y ±5 mm and z-turn ±5°
        var nominal = Vec3.From(benchmark.Payload.Pose.Position);

        var starts = JitterStarts.Extremes(benchmark);

        starts.Count.ShouldBe(9);
        starts[0].Position.ShouldBe(nominal);
        starts.Skip(1).Select(p => (Math.Round((p.Position - nominal).X, 6), Math.Round((p.Position - nominal).Y, 6))).Distinct().Count().ShouldBe(4);
        starts.Skip(1).ShouldAllBe(p => Math.Abs(Math.Abs((p.Position - nominal).X) - 0.005) < 1e-9);
        starts.Skip(1).Select(p => Math.Round(Math.Atan2(p.Rotation.Z, p.Rotation.W) * 360 / Math.PI, 6)).Distinct().Order().ShouldBe([-5, 5]);
    }

    [Fact]
    public async Task Solve_GoalOutOfReach_FindsNoSolutionAndSaysHowClose()
    {
        // The goal sits 0.6 m away on the far side; a 0.2 m build zone under the drop cannot send the ball there in 1 s.
        var benchmark = new DropFamily().Create("out-of-reach", 6, new Random(6));
        var x = benchmark.Payload.Pose.Position[0];
        benchmark = benchmark with
        {
            Zones = benchmark.Zones with
            {
                Build = new ZoneSpec { Min = [x - 0.1, -0.1, 0], Max = [x + 0.1, 0.1, 0.1] },
                Goal = new ZoneSpec { Min = [x + 0.55, -0.1, 0.3], Max = [x + 0.65, 0.1, 0.4] },
            },
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.AnyTime, TimeLimit = 1 },
        };
        (await Verifier().CheckNonTrivialAsync(benchmark, _temp.Path, new VerificationOptions(), CancellationToken.None)).Passed.ShouldBeTrue();

        var result = await new BaselineSolver(RealCad.Analyzer(), simulation.Client, TimeProvider.System).SolveAsync(
            benchmark, _temp.Path, _temp.Combine("solution"), new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 24, Seed = 3 }, CancellationToken.None);

        result.Solved.ShouldBeFalse();
        result.CandidatesScreened.ShouldBe(24);
        result.BestScore.ShouldBeGreaterThan(0.2);
        result.Failure!.ShouldContain("no candidate met every check");
        var report = result.Evaluation.ShouldNotBeNull();
        report.Reasons.ShouldContain(r => r.Code == Leviathan.Engineering.Evaluation.ReasonCodes.ObjectiveMissed);
        File.Exists(_temp.Combine("solution", "solution.json")).ShouldBeTrue();
        File.Exists(_temp.Combine("solution", BaselineSolver.EvaluationFile)).ShouldBeTrue();
    }

    [Fact]
    public async Task Generate_OnlyUnsolvableCandidates_ListsEachWithItsReasonAndKeepsNone()
    {
        var generator = new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System);
        var index = await generator.GenerateAsync(
            new GeneratorOptions
            {
                Count = 1,
                Seed = 9,
                OutputDirectory = _temp.Combine("none"),
                Families = [new UnreachableDropFamily()],
                MaxCandidates = 2,
                Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 8 },
            },
            null,
            CancellationToken.None);

        index.Kept.ShouldBe(0);
        index.Candidates.Count.ShouldBe(2);
        index.Candidates.ShouldAllBe(c => c.Reason == RejectionReasons.Unsolved && c.SolverCandidates == 8);
        Directory.GetDirectories(_temp.Combine("none")).ShouldBeEmpty();
        File.ReadAllText(_temp.Combine("none", "index.json")).ShouldContain("\"reason\": \"unsolved\"");
    }

    [Fact]
    public async Task Generate_HandMadeTrivialAndPenetratingCandidates_AreListedWithTheirReasonsAndNotKept()
    {
        var generator = new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System);
        var index = await generator.GenerateAsync(
            new GeneratorOptions
            {
                Count = 1,
                Seed = 12,
                OutputDirectory = _temp.Combine("flawed"),
                Families = [new TrivialDropFamily(), new SunkenPushFamily()],
                MaxCandidates = 2,
                Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 8 },
            },
            null,
            CancellationToken.None);

        index.Kept.ShouldBe(0);
        index.Candidates.Select(c => (c.Family, c.Reason)).ShouldBe([("trivial-drop", RejectionReasons.Trivial), ("sunken-push", RejectionReasons.Invalid)]);
        index.Candidates[0].Detail.ShouldContain("left alone the payload meets the objective");
        index.Candidates[1].Detail.ShouldContain("penetration");
        index.Candidates.ShouldAllBe(c => c.SolverCandidates == 0); // rejected before the solver ran
        var json = File.ReadAllText(_temp.Combine("flawed", "index.json"));
        json.ShouldContain("\"reason\": \"trivial\"");
        json.ShouldContain("\"reason\": \"invalid\"");
        index.Rejected.ShouldBe(new Dictionary<string, int> { ["invalid"] = 1, ["trivial"] = 1, ["unsolved"] = 0, ["other_level"] = 0 });
        json.ShouldContain("\"rejected\": {");
    }

    public void Dispose() => _temp.Dispose();

    private BenchmarkVerifier Verifier() => new(RealCad.Analyzer(), simulation.Client, TimeProvider.System);

    private Task<GenerationIndex> GenerateAsync(string folder, long seed, int workers) =>
        new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).GenerateAsync(
            new GeneratorOptions
            {
                Count = 2,
                Seed = seed,
                OutputDirectory = _temp.Combine(folder),
                Families = [new DropFamily(), new PushFamily()],
                Workers = workers,
                MaxCandidates = 4,
                Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 160 },
            },
            null,
            CancellationToken.None);

    private string Read(params string[] parts) => File.ReadAllText(_temp.Combine(parts));

    /// <summary>A gap benchmark whose ledge is tilted to the given incline, the ball <paramref name="clearance"/> above it, 4 cm from its upper end.</summary>
    private static BenchmarkSpec BallOnLedge(double clearance, double inclineDegrees)
    {
        var spec = new GapFamily().Create("ledge", 3, new Random(3));
        var ledge = spec.Fixtures.Single(f => f.Name == "ledge");
        var a = inclineDegrees * Math.PI / 180;
        var cx = ledge.Pose.Position[0];
        var cz = ledge.Pose.Position[2];
        var along = -0.15 + 0.04;
        var above = 0.015 + spec.Payload.Shape.Radius!.Value + clearance;
        var bx = cx + (along * Math.Cos(a)) + (above * Math.Sin(a));
        var bz = cz - (along * Math.Sin(a)) + (above * Math.Cos(a));
        return spec with
        {
            Fixtures = [.. spec.Fixtures.Select(f => f.Name == "ledge" ? f with { Pose = new PoseSpec { Position = ledge.Pose.Position, Rotation = [0, inclineDegrees, 0] } } : f)],
            Payload = spec.Payload with { Pose = new PoseSpec { Position = [bx, 0, bz] } },
        };
    }

    /// <summary>Drop benchmarks whose goal lies right under the drop point.</summary>
    private sealed class TrivialDropFamily : IBenchmarkFamily
    {
        public string Name => "trivial-drop";

        public FamilyLevelInputs LevelInputs => new DropFamily().LevelInputs;

        public BenchmarkSpec Create(string id, long seed, Random random)
        {
            var spec = new DropFamily().Create(id, seed, random);
            var x = spec.Payload.Pose.Position[0];
            return spec with { Family = Name, Zones = spec.Zones with { Goal = new ZoneSpec { Min = [x - 0.1, -0.1, 0], Max = [x + 0.1, 0.1, 0.1] } } };
        }
    }

    /// <summary>Push benchmarks whose block starts 8 mm down in the floor.</summary>
    private sealed class SunkenPushFamily : IBenchmarkFamily
    {
        public string Name => "sunken-push";

        public FamilyLevelInputs LevelInputs => new PushFamily().LevelInputs;

        public BenchmarkSpec Create(string id, long seed, Random random)
        {
            var spec = new PushFamily().Create(id, seed, random);
            var p = spec.Payload.Pose.Position;
            return spec with { Family = Name, Payload = spec.Payload with { Pose = new PoseSpec { Position = [p[0], p[1], (spec.Payload.Shape.Size![2] / 2) - 0.008] } } };
        }
    }

    /// <summary>Drop benchmarks whose goal hangs far above the floor, out of any ramp's reach.</summary>
    private sealed class UnreachableDropFamily : IBenchmarkFamily
    {
        public string Name => "unreachable";

        public FamilyLevelInputs LevelInputs => new DropFamily().LevelInputs;

        public BenchmarkSpec Create(string id, long seed, Random random)
        {
            var spec = new DropFamily().Create(id, seed, random);
            var x = spec.Payload.Pose.Position[0];
            return spec with
            {
                Family = Name,
                Zones = spec.Zones with { Goal = new ZoneSpec { Min = [x + 0.5, -0.1, 0.5], Max = [x + 0.6, 0.1, 0.6] } },
            };
        }
    }
}
