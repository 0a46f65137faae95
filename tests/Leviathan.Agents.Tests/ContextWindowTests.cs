using System.Text;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

public sealed class ContextWindowTests
{
    [Fact]
    public async Task Run_ReadsMoreThanTheWindowHolds_NoRequestExceedsTheWindowAndTheTraceRecordsWhatWasDropped()
    {
        const int window = 16_384;
        await using var team = await TeamHarness.StartAsync();
        var reads = Enumerable.Range(1, 12).Select(i => WriteBigFile(team, i, 8_000)).ToList();
        reads.Sum(r => r.Length).ShouldBeGreaterThan(window * 4, "without trimming the outputs alone would not fit the window");
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            .. reads.Select(r => FakeReply.ToolCall("read_file", new { path = r.Path })),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync(contextWindow: window);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        team.Server.ChatRequests.ShouldAllBe(r => r.Body.Length / 4 <= window, "every request, JSON and tool schemas included, fits the window");
        var afterLastRead = team.Server.ChatRequests.Single(r => r.ToolResults.Count == 12);
        afterLastRead.ToolResults.Count(t => t.Content.StartsWith("[dropped:", StringComparison.Ordinal)).ShouldBeGreaterThan(3);
        afterLastRead.ToolResults[^1].Content.ShouldContain("file 12 line 0:", Case.Sensitive, "the newest output is sent whole");
        afterLastRead.ToolResults[0].Content.ShouldStartWith("[dropped: ");

        var events = await team.EventsAsync(outcome.RunId);
        var trims = events.Where(e => e.Kind == EventKind.Thought && e.Role == "orchestrator").ToList();
        trims.ShouldNotBeEmpty();
        TeamHarness.Payload(trims[0]).GetProperty("text").GetString()!.ShouldContain("trimmed the engineer's context to fit 16384 tokens");
        var droppedIds = trims.SelectMany(t => TeamHarness.Payload(t).GetProperty("dropped").EnumerateArray().Select(d => d.GetString()!.Split(':')[0])).ToList();
        var readCalls = events.Where(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == "read_file")
            .Select(e => TeamHarness.Payload(e).GetProperty("call_id").GetString()!)
            .ToList();
        droppedIds.ShouldNotBeEmpty();
        droppedIds.ShouldAllBe(id => readCalls.Contains(id));
        droppedIds.ShouldBeUnique("each output is dropped once");
        events.Where(e => e.Kind == EventKind.ToolResult && TeamHarness.Payload(e).GetProperty("name").GetString() == "read_file")
            .ShouldAllBe(e => TeamHarness.Payload(e).GetProperty("text").GetString()!.Length >= 8_000, "the trace keeps every output whole");
    }

    [Fact]
    public async Task Run_ManySmallStepsBeyondTheWindow_DropsOldExchangesAndIsNotStuck()
    {
        const int window = 8_192;
        const int steps = 80;
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            .. Enumerable.Range(1, steps).Select(i => FakeReply.ToolCall("run_command", new { command = $"echo step {i}: checking one more corner of the calculator before changing anything at all, {i} of {steps}" })),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync(contextWindow: window);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        var requests = team.Server.ChatRequests;
        requests.ShouldAllBe(r => r.Body.Length / 4 <= window);
        var last = requests.Single(r => r.LastMessageText.Contains("80 of 80", StringComparison.Ordinal) && r.LastMessageRole == "tool");
        last.Messages[2]["content"]!.ToJsonString().ShouldContain("[dropped: earlier messages were removed to fit the context window");
        last.Body.ShouldNotContain("step 1: checking");
        var events = await team.EventsAsync(outcome.RunId);
        var thoughts = events.Where(e => e.Kind == EventKind.Thought && e.Role == "orchestrator").Select(e => TeamHarness.Payload(e)).ToList();
        thoughts.ShouldNotBeEmpty();
        thoughts.ShouldAllBe(t => !t.GetProperty("text").GetString()!.Contains("overflow", StringComparison.Ordinal), "dropping old exchanges of a long run is no overflow");
        thoughts.SelectMany(t => t.GetProperty("dropped").EnumerateArray()).ShouldContain(d => d.GetString()!.Contains("earlier messages (calls: run_command", StringComparison.Ordinal));
        events.Count(e => e.Kind == EventKind.ToolResult && TeamHarness.Payload(e).GetProperty("name").GetString() == "run_command").ShouldBe(steps, "the trace keeps every step");
    }

    [Fact]
    public async Task Run_RecentOutputsKeepOverflowingTheWindow_IntervenesThenEndsStuck()
    {
        const int window = 12_288;
        await using var team = await TeamHarness.StartAsync();
        var reads = Enumerable.Range(1, 20).Select(i => WriteBigFile(team, i, 12_000)).ToList();
        team.Server.Enqueue([.. TeamHarness.Plan(), .. reads.Select(r => FakeReply.ToolCall("read_file", new { path = r.Path }))]);

        var outcome = await team.RunAsync(contextWindow: window);

        outcome.Status.ShouldBe(RunStatus.Stuck, outcome.Reason);
        outcome.Reason.ShouldContain("stuck after an intervention: the conversation overflowed the model's context window 3 times");
        var requests = team.Server.ChatRequests;
        requests.ShouldAllBe(r => r.Body.Length / 4 <= window);
        var intervention = requests.Select((r, i) => (r, i)).Single(x => x.r.LastMessageText.StartsWith("You are repeating yourself", StringComparison.Ordinal));
        intervention.r.LastMessageText.ShouldContain("overflowed the model's context window 3 times");
        intervention.r.LastMessageText.ShouldContain("Read smaller pieces");
        intervention.i.ShouldBeLessThan(requests.Count - 1, "the model got a chance after the intervention");

        var events = await team.EventsAsync(outcome.RunId);
        var overflows = events.Where(e => e.Kind == EventKind.Thought && TeamHarness.Payload(e).GetProperty("text").GetString()!.Contains("context overflow", StringComparison.Ordinal)).ToList();
        overflows.Count.ShouldBe(6);
        overflows.ShouldContain(e => TeamHarness.Payload(e).GetProperty("dropped").EnumerateArray().Any(d => d.GetString()!.Contains("earlier messages (calls: read_file", StringComparison.Ordinal)));
        events.ShouldContain(e => e.Kind == EventKind.Error && TeamHarness.Payload(e).GetProperty("message").GetString() == "stuck pattern detected; intervening");
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("stuck");
        (await team.Store.FindRunAsync(outcome.RunId))!.Status.ShouldBe(RunStatus.Stuck);
    }

    private static (string Path, int Length) WriteBigFile(TeamHarness team, int number, int length)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < length; line++)
        {
            text.Append("file ").Append(number).Append(" line ").Append(line).Append(": the quick brown fox jumps over the lazy dog\n");
        }

        var path = $"notes{number}.txt";
        File.WriteAllText(Path.Combine(team.Workspace, path), text.ToString());
        return (path, text.Length);
    }
}
