using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Solutions;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Evaluation;

public sealed class SolutionEvaluatorTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private const string Plank = "translate([0, -40, 0]) cube([650, 80, 6]);";
    private const string Rail = "cube([650, 6, 30]);";
    private readonly TempDirectory _temp = new("leviathan-eval");

    [Fact]
    public async Task Evaluate_ShippedRampSolution_SucceedsInEverySample()
    {
        var report = await EvaluateAsync("ramp-to-goal", TestPaths.Solution("ramp-to-goal"), samples: 2);

        report.Success.ShouldBeTrue(Reasons(report));
        report.Samples.Count.ShouldBe(2);
        report.Samples.ShouldAllBe(s => s.ReachedGoal && s.ClosestDistance == 0);
        report.TimeToGoal!.Value.ShouldBeInRange(0.3, 3.0);
        report.WeightKg!.Value.ShouldBe((312 + 117 + 117) * 1e-6 * 705, 1e-3);
        report.Cost!.Groups.Count.ShouldBe(2);
        report.Cost.Groups.Single(g => g.Parts.Count == 2).CopiesPerUnit.ShouldBe(2);
        report.UnitCost!.Value.ShouldBeLessThan(80);
    }

    [Fact]
    public async Task Evaluate_TenMillimetrePlaCube_HasTheKnownVolumeWeightAndCost()
    {
        var folder = Solution(
            """{ "name": "cube", "file": "cube.scad", "material": "pla", "process": "print3d", "position": [-0.1, 0.1, 0] }""",
            ("cube.scad", "cube(10);"));

        var report = await EvaluateAsync("flip-into-bin", folder);

        var figures = report.Parts.ShouldHaveSingleItem();
        figures.VolumeCm3.ShouldBe(1, 1e-6);
        figures.MassKg.ShouldBe(0.00124, 1e-9);
        report.WeightKg.ShouldBe(0.00124);
        // Printed in a run of 1000: 5 USD setup shared, 1.24 g PLA at 25 USD/kg + 15 % waste, (0.25 h + 1 cm³ at 12 cm³/h) x 3 USD/h.
        report.UnitCost!.Value.ShouldBe((5.0 / 1000) + (0.00124 * 25 * 1.15) + ((0.25 + (1.0 / 12)) * 3), 1e-4);
        report.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.ObjectiveMissed]);
    }

    [Fact]
    public async Task Evaluate_PlankTiltedTheWrongWay_MissesTheGoalAndSaysHowClose()
    {
        // Tilted down to the left, the plank sends the ball away from the goal.
        var folder = Solution(
            """{ "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.05], "rotation": [0, -17, 0] }""",
            ("plank.scad", Plank));

        var report = await EvaluateAsync("ramp-to-goal", folder);

        report.Success.ShouldBeFalse();
        report.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LeftWorld, ReasonCodes.ObjectiveMissed], Reasons(report));
        var missed = report.Reasons.Single(r => r.Code == ReasonCodes.ObjectiveMissed);
        missed.Measured!.Value.ShouldBeGreaterThan(0.3);
        missed.Message.ShouldContain("never enters the goal zone within 3 s");
        report.ClosestDistance!.Value.ShouldBe(missed.Measured.Value, 1e-6);

        // It rolls off the left end of the floor: the sample ends there, with the time.
        var left = report.Reasons.Single(r => r.Code == ReasonCodes.LeftWorld);
        left.Message.ShouldStartWith("sample 0: the payload 'ball' left the world box at t = ");
        report.Samples.ShouldHaveSingleItem().LeftWorldAt.ShouldBe(left.Measured);
    }

    [Fact]
    public async Task Evaluate_SyntaxErrorInAPart_ReportsTheLineAndDoesNotSimulate()
    {
        var folder = Solution(
            """{ "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.24], "rotation": [0, 17, 0] }""",
            ("plank.scad", "length = 650;\ncube([length 80, 6]);\ntranslate([0, 0, 6]) cube(5);\n"));

        var report = await EvaluateAsync("ramp-to-goal", folder);

        var cad = report.Reasons.ShouldHaveSingleItem(Reasons(report));
        cad.Code.ShouldBe(ReasonCodes.CadError);
        cad.Part.ShouldBe("plank");
        cad.Message.ShouldContain("plank.scad line 2: ERROR: Parser error: syntax error in file plank.scad, line 2");
        report.Samples.ShouldBeEmpty();
        report.Notes.ShouldContain("not simulated: every part must render first");
    }

    [Fact]
    public async Task Evaluate_OverlappingParts_NamesBothAndTheSharedVolume()
    {
        // The rail is sunk 2 mm into the plank's side: 650 x 2 x 6 mm = 7800 mm³ shared.
        var folder = Solution(
            """
            { "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.24], "rotation": [0, 17, 0] },
            { "name": "rail", "file": "rail.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0.038, 0.24], "rotation": [0, 17, 0] }
            """,
            ("plank.scad", Plank),
            ("rail.scad", Rail));

        var report = await EvaluateAsync("ramp-to-goal", folder);

        var overlap = report.Reasons.Single(r => r.Code == ReasonCodes.PartsOverlap);
        overlap.Message.ShouldContain("part 'plank' and part 'rail'");
        overlap.Measured!.Value.ShouldBe(7800, 1);
    }

    [Fact]
    public async Task Evaluate_PartOutsideTheBuildZoneAndInAForbidZone_ReportsBoth()
    {
        var folder = Solution(
            """{ "name": "block", "file": "block.scad", "material": "pla", "process": "print3d", "position": [-0.05, 0, 0] }""",
            ("block.scad", "cube([330, 40, 20]);"));

        var report = await EvaluateAsync("ramp-to-goal", folder);

        var outside = report.Reasons.Single(r => r.Code == ReasonCodes.OutsideBuildZone);
        outside.Part.ShouldBe("block");
        // The block spans x from -0.05 to 0.28 m; the build zone ends at 0.25 m.
        outside.Measured!.Value.ShouldBe(0.03, 1e-6);
        outside.Message.ShouldContain("30 mm outside the build zone");
        report.Reasons.Single(r => r.Code == ReasonCodes.ForbidZoneTouched).Message.ShouldContain("forbid zone 'pit'");
    }

    [Fact]
    public async Task Evaluate_OverBudgetAndOverWeight_GivesTheFiguresAndLimits()
    {
        var benchmark = Benchmark("ramp-to-goal", root =>
        {
            root["limits"]!["max_unit_cost"] = 10;
            root["limits"]!["max_weight"] = 0.1;
        });

        var report = await EvaluateAsync(benchmark, TestPaths.Solution("ramp-to-goal"));

        var cost = report.Reasons.Single(r => r.Code == ReasonCodes.OverCost);
        cost.Limit.ShouldBe(10);
        cost.Measured!.Value.ShouldBe(report.UnitCost!.Value, 1e-3);
        cost.Message.ShouldContain("at a run of 50");
        var weight = report.Reasons.Single(r => r.Code == ReasonCodes.OverWeight);
        weight.Measured!.Value.ShouldBe(0.385, 0.001);
        report.Reasons.Select(r => r.Code).ShouldNotContain(ReasonCodes.ObjectiveMissed);
    }

    [Fact]
    public async Task Evaluate_NonWatertightPrintedPart_IsNotManufacturable()
    {
        var folder = Solution(
            """{ "name": "shard", "file": "shard.scad", "material": "pla", "process": "print3d", "position": [0.1, 0.05, 0.1] }""",
            ("shard.scad", "polyhedron(points=[[0,0,0],[10,0,0],[0,10,0],[0,0,10]], faces=[[0,1,2],[0,3,1],[0,2,3]]);"));

        var report = await EvaluateAsync("ramp-to-goal", folder);

        var issue = report.Reasons.First(r => r.Code == ReasonCodes.NotManufacturable);
        issue.Part.ShouldBe("shard");
        issue.Message.ShouldContain("fails 'watertight'");
        issue.Measured.ShouldBe(3);
    }

    [Fact]
    public async Task Evaluate_DisallowedMaterialAndProcess_AreReported()
    {
        var folder = Solution(
            """{ "name": "plate", "file": "plate.scad", "material": "steel", "process": "cnc_milling", "position": [0.1, 0.05, 0.1] }""",
            ("plate.scad", "cube([20, 20, 3]);"));

        var report = await EvaluateAsync("flip-into-bin", folder);

        report.Reasons.Single(r => r.Code == ReasonCodes.MaterialNotAllowed).Message.ShouldContain("uses steel");
        report.Reasons.Single(r => r.Code == ReasonCodes.ProcessNotAllowed).Message.ShouldContain("cnc_milling");
    }

    [Fact]
    public async Task Evaluate_PaddleOnTheMotorDrivenPastItsRange_ReportsTheMotorLimitAndSimulatesTheMotor()
    {
        var folder = Solution(
            """{ "name": "paddle", "file": "paddle.scad", "material": "pla", "process": "print3d", "position": [-0.05, 0, 0.03], "mount": "flipper" }""",
            ("paddle.scad", "translate([-120, -40, 0]) cube([100, 80, 3]);"),
            controls: """{ "motor": "flipper", "profile": "ramp", "from": 0, "to": 170, "start": 0.2, "duration": 0.5 }""");

        var report = await EvaluateAsync("flip-into-bin", folder);

        var limit = report.Reasons.Single(r => r.Code == ReasonCodes.MotorBeyondLimit && r.Unit == "°");
        limit.Measured.ShouldBe(170);
        limit.Limit.ShouldBe(150);
        report.Samples.ShouldHaveSingleItem().Unstable.ShouldBeNull();
        report.Reasons.Select(r => r.Code).ShouldNotContain(ReasonCodes.SceneInvalid);
        report.Robustness.ShouldBe(0); // the one start fails: its motor is driven past its range
    }

    [Fact]
    public async Task Evaluate_DefaultOptions_JudgesAtTheSamplesTheNominalStartAndTheJitterCornersAndReportsRobustness()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("flip-into-bin"));

        var report = await EvaluateAsync(benchmark, TestPaths.Solution("flip-into-bin"), new EvaluationOptions());

        var expected = JudgeStarts.List(benchmark, EvaluationOptions.DefaultSamples, extremes: true);
        report.Samples.Select(s => s.Label).ShouldBe(expected.Select(s => s.Label));
        report.Samples.Select(s => s.Label).ShouldContain("nominal");
        report.Samples.Select(s => s.Label).ShouldContain("corner 7");
        report.StartsDrawn.ShouldBe(EvaluationOptions.DefaultSamples + 9);
        report.Success.ShouldBeTrue(Reasons(report));
        report.Robustness.ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_ShippedFlipSolution_LandsTheBlockInTheBinWithTheMotorBelowItsLimit()
    {
        var report = await EvaluateAsync("flip-into-bin", TestPaths.Solution("flip-into-bin"), samples: 2);

        report.Success.ShouldBeTrue(Reasons(report));
        report.Samples.ShouldAllBe(s => s.ReachedGoal && s.FinalPosition[0] > 0.035 && s.FinalPosition[0] < 0.295);
        var motor = report.Motors.ShouldHaveSingleItem();
        motor.Name.ShouldBe("flipper");
        motor.Unit.ShouldBe("N·m");
        motor.Limit.ShouldBe(4);
        // Carrying the light paddle and block over the top takes real torque, but less than the motor has.
        motor.PeakForce.ShouldBeInRange(0.5, 3.9);
        report.Samples.ShouldAllBe(s => s.MotorPeaks["flipper"] <= motor.PeakForce);
    }

    [Fact]
    public async Task Evaluate_PayloadTooHeavyForTheFlipper_ReportsTheMotorHeldAtItsMeasuredLimit()
    {
        // A 5 kg block on the paddle 0.2 m from the hinge needs about 10 N·m; the flipper has 4.
        var benchmark = Benchmark("flip-into-bin", root => root["payload"]!["mass"] = 5);

        var report = await EvaluateAsync(benchmark, TestPaths.Solution("flip-into-bin"));

        var overload = report.Reasons.Single(r => r.Code == ReasonCodes.MotorBeyondLimit);
        overload.Measured!.Value.ShouldBe(4, 1e-6);
        overload.Limit.ShouldBe(4);
        overload.Unit.ShouldBe("N·m");
        overload.Message.ShouldContain("motor 'flipper' was held at its torque limit of 4 N·m for");
        report.Reasons.Select(r => r.Code).ShouldContain(ReasonCodes.ObjectiveMissed);
        report.Motors.ShouldHaveSingleItem().PeakShare.ShouldBe(1, 1e-6);
    }

    [Fact]
    public void Report_SerializesToJsonWithCodesAndFigures()
    {
        var report = new EvaluationReport
        {
            Benchmark = "b",
            Solution = "s",
            Reasons = [new EvaluationReason(ReasonCodes.OverCost, "too dear") { Measured = 12, Limit = 10, Unit = "USD" }],
            Sandbox = "bwrap",
            Timings = new EvaluationTimings(1, 2, 3),
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport));

        json.RootElement.GetProperty("success").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("reasons")[0].GetProperty("code").GetString().ShouldBe("over_cost");
        json.RootElement.GetProperty("timings").GetProperty("total_seconds").GetDouble().ShouldBe(6);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<EvaluationReport> EvaluateAsync(string benchmarkName, string folder, int samples = 1) =>
        await EvaluateAsync(BenchmarkLoader.Load(TestPaths.Benchmark(benchmarkName)), folder, new EvaluationOptions { Samples = samples, Extremes = false });

    private async Task<EvaluationReport> EvaluateAsync(BenchmarkSpec benchmark, string folder, int samples = 1) =>
        await EvaluateAsync(benchmark, folder, new EvaluationOptions { Samples = samples, Extremes = false });

    private async Task<EvaluationReport> EvaluateAsync(BenchmarkSpec benchmark, string folder, EvaluationOptions options)
    {
        var solution = SolutionLoader.Load(folder, benchmark);
        var evaluator = new SolutionEvaluator(RealCad.Analyzer(), simulation.Client, TimeProvider.System);
        return await evaluator.EvaluateAsync(benchmark, Path.Combine(TestPaths.Examples, "benchmarks"), solution, folder, options, CancellationToken.None);
    }

    private static BenchmarkSpec Benchmark(string name, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestPaths.Benchmark(name)))!;
        change(root);
        return BenchmarkLoader.Parse(root.ToJsonString(), name);
    }

    private string Solution(string parts, params (string Name, string Source)[] files) => Solution(parts, files, controls: null);

    private string Solution(string parts, (string Name, string Source) file, string controls) => Solution(parts, [file], controls);

    private string Solution(string parts, (string Name, string Source)[] files, string? controls)
    {
        var folder = _temp.Combine(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (name, source) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), source);
        }

        File.WriteAllText(Path.Combine(folder, "solution.json"), $$"""{ "version": 1, "parts": [{{parts}}], "controls": [{{controls}}] }""");
        return folder;
    }

    private static string Reasons(EvaluationReport report) => string.Join("; ", report.Reasons.Select(r => $"{r.Code}: {r.Message}"));
}
