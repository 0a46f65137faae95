using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>What the physics team's reviewer is shown (the robustness figure, the final renders) and how pictures leave a long run's context.</summary>
public sealed partial class BenchAttemptCommandTests
{
    private const string ReviewerPrompt = "You are the reviewer";

    [Fact]
    public async Task Attempt_FinalSolutionPassesFiveOfEightJitterSamples_ReviewerIsShownTheFigureAndTheRunDoesNotSucceed()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        // A ramp wide enough that every ball rolls straight down it and keeps its sideways offset, and a goal whose edge
        // at y = -0.04 m cuts through the starts jittered ±0.1 m sideways: measured with bench evaluate, exactly 5 of the
        // 8 seeded jitter samples end in the goal (the nominal start too; both jitter corners miss).
        var benchmark = ChangedBenchmark(cli, "ramp-to-goal", json =>
        {
            json["payload"]!["jitter"]!["position"] = new JsonArray(0, 0.1, 0);
            json["zones"]!["build"]!["min"]![1] = -0.2;
            json["zones"]!["build"]!["max"]![1] = 0.2;
            json["zones"]!["goal"]!["min"]![1] = -0.04;
            json["limits"]!["max_weight"] = 2.0;
            json["limits"]!["max_unit_cost"] = 300;
        });
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "plank.scad", content = "translate([0, -150, 0]) cube([650, 300, 6]);\n" }),
            FakeReply.ToolCall("write_file", new
            {
                path = "solution.json",
                content = """{ "version": 1, "parts": [ { "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.24], "rotation": [0, 17, 0] } ] }""",
            }),
            FakeReply.ToolCall("finish", new { summary = "A wide plank ramp." }),
        ]);
        server.RespondWith(request =>
        {
            if (!request.SystemPrompt.Contains(ReviewerPrompt, StringComparison.Ordinal))
            {
                return FakeReply.ToolCall("finish", new { summary = "Still the wide plank ramp." });
            }

            // The reviewer quotes the figure it was shown.
            var figure = RobustnessPattern().Match(string.Join("\n", request.Messages.Select(FakeRequest.TextOf)));
            return FakeReply.ToolCall("verdict", new { accept = false, reasons = new[] { $"Not robust: {(figure.Success ? figure.Value : "no robustness figure shown")}; every start must pass." } });
        });
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", benchmark, "--out", solution, "--samples", "8");

        result.ExitCode.ShouldBe(1, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("failed_verification");
        result.Stdout.ShouldContain("Not robust: robustness: 5 of 8 jitter samples pass (62.5 %)");
        var reviews = server.ChatRequests.Where(r => r.SystemPrompt.Contains(ReviewerPrompt, StringComparison.Ordinal)).ToList();
        reviews.Count.ShouldBe(2);
        reviews.ShouldAllBe(r => FakeRequest.TextOf(r.Messages[1]).Contains("robustness: 5 of 8 jitter samples pass (62.5 %); nominal start PASS; jitter corners 0 of 2 pass", StringComparison.Ordinal));
        var evaluation = JsonNode.Parse(File.ReadAllText(Path.Combine(solution, "evaluation.json")))!;
        var jitter = evaluation["samples"]!.AsArray().Where(s => char.IsAsciiDigit(s!["label"]!.GetValue<string>()[0])).ToList();
        jitter.Count.ShouldBe(8);
        jitter.Count(s => s!["passed"]!.GetValue<bool>()).ShouldBe(5);
    }

    [Theory]
    [InlineData("tools, vision", true)]
    [InlineData("tools", false)]
    public async Task Attempt_RendersAndAFilmstrip_OnlyTheLatestImagesStayAndTheReviewerSeesTheFinalRendersWithVision(string capabilities, bool vision)
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), $"models:\n  profiles:\n    default:\n      context_window: 131072\n      capabilities: [{capabilities}]\n");
        server.Enqueue([
            Plan(),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("cad_render", new { views = new[] { "iso", "top" }, with_environment = true }),
            FakeReply.ToolCall("simulate", new { samples = 1 }),
            FakeReply.ToolCall("finish", new { summary = "Drawn, simulated and done." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ]);

        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "solution"), "--samples", "1");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        // The engineer's request after simulate: two renders and five filmstrip frames were shown; six images stay.
        var afterSimulate = server.ChatRequests.Single(r => r.ToolResults.Any(t => t.Content.StartsWith("SUCCESS: all ", StringComparison.Ordinal)) && !r.SystemPrompt.Contains(ReviewerPrompt, StringComparison.Ordinal));
        var removed = afterSimulate.Messages.Select(FakeRequest.TextOf).Where(t => t.Contains("[image removed:", StringComparison.Ordinal)).ToList();
        var reviewer = server.ChatRequests.Single(r => r.SystemPrompt.Contains(ReviewerPrompt, StringComparison.Ordinal));
        FakeRequest.TextOf(reviewer.Messages[1]).ShouldContain("what the images show");
        if (vision)
        {
            ImageUrls(afterSimulate).Count.ShouldBe(6);
            removed.ShouldHaveSingleItem().ShouldContain("[image removed: renders/cad-iso-env.png");
            ImageUrls(reviewer).Count.ShouldBe(2, "the final iso and front renders in the environment");
            ImageUrls(reviewer).ShouldAllBe(url => url.StartsWith("data:image/png;base64,iVBOR", StringComparison.Ordinal));
        }
        else
        {
            ImageUrls(afterSimulate).ShouldBeEmpty();
            removed.ShouldBeEmpty();
            ImageUrls(reviewer).ShouldBeEmpty();
        }
    }

    private static List<string> ImageUrls(FakeRequest request) =>
        [.. request.Messages
            .Where(m => m["content"] is JsonArray)
            .SelectMany(m => m["content"]!.AsArray())
            .Where(c => c!["type"]?.GetValue<string>() == "image_url")
            .Select(c => c!["image_url"]!["url"]!.GetValue<string>())];

    [GeneratedRegex(@"robustness: \d+ of \d+ jitter samples pass \([0-9.]+ %\)")]
    private static partial Regex RobustnessPattern();
}
