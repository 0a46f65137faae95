using System.Text.Json.Nodes;

namespace Leviathan.Cli.Tests;

public sealed class BenchGenerationCommandTests
{
    [Fact]
    public async Task Generate_ThenCheckAndSolve_TheKeptBenchmarkIsProvenFromItsFiles()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        var generate = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "3", "--out", output, "--family", "push", "--workers", "1");

        generate.ExitCode.ShouldBe(0, generate.Stdout + generate.Stderr);
        generate.Stdout.ShouldContain("UNSOLVED");
        generate.Stdout.ShouldContain("wrote 1 benchmark(s)");
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!;
        var kept = index["candidates"]!.AsArray().Single(c => (bool)c!["kept"]!)!;
        var folder = Path.Combine(output, (string)kept["id"]!);
        var level = (int)kept["level"]!;
        index["levels"]!.AsObject().Sum(l => (int)l.Value!).ShouldBe(1);
        ((int)index["levels"]![level.ToString(System.Globalization.CultureInfo.InvariantCulture)]!).ShouldBe(1);
        generate.Stdout.ShouldContain("kept per level: 0: ");
        kept["reference_processes"]!.AsArray().ShouldNotBeEmpty();
        ((string)kept["proven_by"]!).ShouldBe("baseline");
        var settings = index["settings"]!;
        ((string)settings["seed"]!).ShouldBe("3");
        ((string)settings["families"]!).ShouldBe("push");
        ((string)settings["solver_hinged_ramps"]!).ShouldBe("false");
        ((string)settings["solver_candidates"]!).ShouldBe("1000");
        ((string)settings["triviality_samples"]!).ShouldNotBeNullOrEmpty();

        var check = await cli.RunAsync("bench", "check", folder);
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
        check.Stdout.ShouldContain("valid:       yes");
        check.Stdout.ShouldContain("non-trivial: yes");
        check.Stdout.ShouldContain("reference:   yes");

        // The generator seeds the solver with the candidate's seed: solving again with it finds the reference again.
        var solve = await cli.RunAsync("bench", "solve", Path.Combine(folder, "benchmark.json"), "--out", Path.Combine(cli.Scratch, "mine"), "--seed", ((long)kept["seed"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        solve.Stdout.ShouldStartWith("SOLVED");
        File.Exists(Path.Combine(cli.Scratch, "mine", "evaluation.json")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(cli.Scratch, "mine", "solution.json")).ShouldBe(File.ReadAllText(Path.Combine(folder, "reference", "solution.json")));
    }

    [Fact]
    public async Task Check_BenchmarkWhoseGoalWasMovedOntoThePayload_FailsAsTrivial()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");
        var generate = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "4", "--out", output, "--family", "drop", "--workers", "1");
        generate.ExitCode.ShouldBe(0, generate.Stdout + generate.Stderr);
        var folder = Directory.GetDirectories(output).ShouldHaveSingleItem();
        var file = Path.Combine(folder, "benchmark.json");
        generate.Stdout.ShouldNotContain("flaps", Case.Insensitive);
        File.ReadAllText(Path.Combine(folder, "reference", "solution.json")).ShouldNotContain("\"hinge\"", Case.Insensitive, "without --hinged-ramps the solver lays no flaps");

        // As generated, check and evaluate agree: the reference passes at the same starts in both.
        var asGenerated = await cli.RunAsync("bench", "check", folder);
        asGenerated.ExitCode.ShouldBe(0, asGenerated.Stdout + asGenerated.Stderr);
        asGenerated.Stdout.ShouldContain("succeeds at all 13 starts bench evaluate judges (0, 1, 2, 3, 4, 5, 6, 7, nominal, corner 0, corner 1, corner 2, corner 3; robustness 13/13)");
        var evaluate = await cli.RunAsync("bench", "evaluate", file, Path.Combine(folder, "reference"));
        evaluate.ExitCode.ShouldBe(0, evaluate.Stdout + evaluate.Stderr);
        evaluate.Stdout.ShouldContain("goal reached in 13 of 13 starts; robustness 13/13 passed");

        var benchmark = JsonNode.Parse(File.ReadAllText(file))!;
        var x = (double)benchmark["payload"]!["pose"]!["position"]![0]!;
        benchmark["zones"]!["goal"]!["min"] = new JsonArray(x - 0.1, -0.1, 0);
        benchmark["zones"]!["goal"]!["max"] = new JsonArray(x + 0.1, 0.1, 0.1);
        File.WriteAllText(file, benchmark.ToJsonString());

        var check = await cli.RunAsync("bench", "check", folder);

        check.ExitCode.ShouldBe(1, check.Stdout + check.Stderr);
        check.Stdout.ShouldContain("non-trivial: NO - left alone the payload meets the objective");
        check.Stdout.ShouldContain("of 8 jitter samples and 5 extreme starts");

        var fewer = await cli.RunAsync("bench", "check", folder, "--triviality-samples", "8", "--no-extremes");
        fewer.ExitCode.ShouldBe(1, fewer.Stdout + fewer.Stderr);
        fewer.Stdout.ShouldContain("of 8 jitter samples\n");
        var tooFew = await cli.RunAsync("bench", "check", folder, "--triviality-samples", "7");
        tooFew.ExitCode.ShouldBe(2);
        tooFew.Stderr.ShouldContain("--triviality-samples must be from 8");
    }

    [Fact]
    public async Task Solve_ShippedRampToGoal_WritesASolutionThatBenchEvaluateAccepts()
    {
        using var cli = new CliHarness();
        var benchmark = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "benchmarks", "ramp-to-goal.json");
        var output = Path.Combine(cli.Scratch, "ramp");

        var solve = await cli.RunAsync("bench", "solve", benchmark, "--out", output, "--seed", "2", "--max-candidates", "400");

        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        solve.Stdout.ShouldStartWith("SOLVED 'ramp-to-goal'");
        var evaluate = await cli.RunAsync("bench", "evaluate", benchmark, output);
        evaluate.ExitCode.ShouldBe(0, evaluate.Stdout + evaluate.Stderr);
        File.ReadAllText(Path.Combine(output, "solution.json")).ShouldContain("cnc_milling");
    }

    [Fact]
    public async Task Generate_WithRejectedCandidates_ListsEachReasonInTheIndexAndCountsItInTheClosingTable()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        // With seed 21 over drop and gap, a 240-candidate search finds no solution at every start the judge uses for the
        // first candidate (a drop), and the fifth is trivial (the ball drops into the bin unaided).
        var generate = await cli.RunAsync("bench", "generate", "--count", "4", "--seed", "21", "--out", output, "--family", "drop", "gap", "--workers", "1", "--solver-candidates", "240");

        generate.ExitCode.ShouldBe(0, generate.Stdout + generate.Stderr);
        var candidates = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray();
        candidates.Select(c => (string?)c!["reason"] ?? "kept").ShouldBe(["unsolved", "kept", "kept", "kept", "trivial", "kept"]);
        ((string)candidates[0]!["detail"]!).ShouldContain("no candidate met every check");
        ((string)candidates[0]!["detail"]!).ShouldMatch(@"the best candidate: nearest miss \d+(\.\d)? mm \(closest approach to the goal at the worst start\); why: .*\(objective_missed\) at \d+ of 13 starts");
        ((string)candidates[0]!["detail"]!).ShouldNotContain("screening score", Case.Insensitive, "the solver's score includes penalties and is no distance");
        ((string)candidates[4]!["detail"]!).ShouldContain("left alone the payload meets the objective");
        candidates.Where(c => c!["kept"]!.GetValue<bool>()).ShouldAllBe(c => c!["cost_tightness"] != null && c["weight_tightness"] != null);
        generate.Stdout.ShouldMatch(@"(?m)^\s*drop\s+3\s+1\s+0\s+1\s+1\s+\d");
        generate.Stdout.ShouldMatch(@"(?m)^\s*gap\s+3\s+3\s+0\s+0\s+0\s+\d");
        Directory.GetDirectories(output).Length.ShouldBe(4);
    }

    [Fact]
    public async Task Generate_WithRender_DrawsEachKeptBenchmarkOnAContactSheetPage()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        var generate = await cli.RunAsync("bench", "generate", "--count", "2", "--seed", "3", "--out", output, "--family", "push", "--workers", "2", "--render");

        generate.ExitCode.ShouldBe(0, generate.Stdout + generate.Stderr);
        var page = Path.Combine(output, "contact-sheet", "index.html");
        generate.Stdout.ShouldContain("contact sheet: " + page);
        var html = File.ReadAllText(page);
        html.ShouldNotContain("http");
        html.ShouldContain("the build zone faint blue, the goal zone green");
        html.ShouldContain("objective settle");
        var kept = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray()
            .Where(c => c!["kept"]!.GetValue<bool>()).Select(c => (string)c!["id"]!).ToList();
        kept.Count.ShouldBe(2);
        foreach (var id in kept)
        {
            var image = $"{id}-iso-0000.png";
            html.ShouldContain($"<img src=\"{image}\"");
            var png = File.ReadAllBytes(Path.Combine(output, "contact-sheet", image));
            png[1..4].ShouldBe("PNG"u8.ToArray());
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).ShouldBe(640);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)).ShouldBe(480);
        }

        File.ReadAllBytes(Path.Combine(output, "contact-sheet", $"{kept[0]}-iso-0000.png"))
            .ShouldNotBe(File.ReadAllBytes(Path.Combine(output, "contact-sheet", $"{kept[1]}-iso-0000.png")), "two benchmarks, two pictures");
    }

    [Fact]
    public async Task Generate_UnknownFamily_IsAUsageErrorNamingTheFamilies()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "1", "--out", Path.Combine(cli.Scratch, "x"), "--family", "catapult");

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("unknown family 'catapult'");
        r.Stderr.ShouldContain("drop, gap, lift, push");
    }

    [Fact]
    public async Task Generate_LevelOutOfRange_IsAUsageErrorNamingTheRange()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "1", "--out", Path.Combine(cli.Scratch, "x"), "--level", "9");

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("--level must be from 0 to 5, found 9");
    }

    [Theory]
    [InlineData("3-1", "--level range '3-1' runs backwards")]
    [InlineData("0-9", "--level must be from 0 to 5, found 0-9")]
    [InlineData("0,x", "--level must be from 0 to 5, found 0,x")]
    [InlineData("0-3", "--level names 4 levels but --count is 2: one of each level needs --count 4 or more")]
    public async Task Generate_BadLevelList_IsAUsageErrorSayingWhatToWrite(string levels, string message)
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--count", "2", "--seed", "1", "--out", Path.Combine(cli.Scratch, "x"), "--level", levels);

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain(message);
        Directory.Exists(Path.Combine(cli.Scratch, "x")).ShouldBeFalse();
    }

    [Fact]
    public async Task GenerateHelp_SaysWhatTheExitCodesMean()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--help");

        r.Stdout.ShouldContain("Exit 0 when --count benchmarks");
        r.Stdout.ShouldContain("--level");
    }
}
