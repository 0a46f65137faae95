using Leviathan.Agents.Team;
using Leviathan.Agents.Tests.CountingTeam;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

/// <summary>A team is data: a team that is not the software team runs through the same loop with its own roles, prompts, tools, verification and review.</summary>
public sealed class TeamDefinitionTests
{
    [Fact]
    public async Task Run_CountingTeam_RunsItsOwnRolesToolsVerifierAndReviewThroughTheLoop()
    {
        await using var team = await TeamHarness.StartAsync();
        var board = new TallyBoard();
        team.Server.Enqueue(
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Count to 3 with tally", status = "pending" } } }),
            FakeReply.ToolCall("tally", new { number = 1 }),
            FakeReply.ToolCall("tally", new { number = 2 }),
            FakeReply.ToolCall("finish", new { summary = "counted" }),
            FakeReply.ToolCall("tally", new { number = 3 }),
            FakeReply.ToolCall("finish", new { summary = "counted to 3" }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "the tally counts 1 to 3" } }));

        var outcome = await team.RunAsync(goal: "Count to three.", verify: null, definition: CountingTeamDefinition.Create(board, target: 3));

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        outcome.Reason.ShouldBe("verification passed and the auditor accepted: the tally counts 1 to 3");
        outcome.Verification.ShouldBe("tally complete");
        board.Numbers.ShouldBe([1, 2, 3]);

        var run = (await team.Store.FindRunAsync(outcome.RunId))!;
        run.Team.ShouldBe(CountingTeamDefinition.Name);
        run.PromptVersions.ShouldBe(
            new Dictionary<string, string> { ["coordinator"] = "coordinator@3", ["counter"] = "counter@2", ["auditor"] = "auditor@5" },
            ignoreOrder: true);

        // Each role is offered its own tools and nothing else, and talks with its own prompt.
        var requests = team.Server.ChatRequests;
        requests.Count.ShouldBe(7);
        requests[0].ToolNames.ShouldBe(["todo_write"]);
        requests[0].SystemPrompt.ShouldContain("Count up to 3.");
        requests[0].LastMessageText.ShouldBe("Count for: Count to three.");
        requests[1].ToolNames.ShouldBe(["tally", "finish"]);
        requests[1].SystemPrompt.ShouldContain("1: Count to 3 with tally");
        requests[4].LastMessageText.ShouldContain("The tally must count 1 to 3; it is 1, 2.");
        requests[6].ToolNames.ShouldBe(["verdict"]);
        requests[6].SystemPrompt.ShouldContain("You audit a finished count");
        requests[6].LastMessageText.ShouldStartWith("Tally: 1, 2, 3\nThe tally is complete.");

        var events = await team.EventsAsync(outcome.RunId);
        events.Where(e => e.Kind == EventKind.Message).Select(e => e.Role).Distinct().ShouldBe(["coordinator", "counter", "auditor"], ignoreOrder: true);
        events.ShouldContain(e => e.Kind == EventKind.PlanUpdate && e.Role == "coordinator");
        var verifications = events.Where(e => e.Kind == EventKind.ToolResult && TeamHarness.Payload(e).GetProperty("name").GetString() == "verify").ToList();
        verifications.Select(e => TeamHarness.Payload(e).GetProperty("is_error").GetBoolean()).ShouldBe([true, false]);
        verifications[1].Role.ShouldBe("orchestrator");
        events.Single(e => e.Kind == EventKind.Verdict).Role.ShouldBe("auditor");
    }

    [Fact]
    public async Task Run_CountingTeamAuditorRejectsTwice_EndsFailedVerificationNamingItsReviewer()
    {
        await using var team = await TeamHarness.StartAsync();
        var board = new TallyBoard();
        var reject = FakeReply.ToolCall("verdict", new { accept = false, reasons = new[] { "count again" } });
        team.Server.Enqueue(
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Count to 1", status = "pending" } } }),
            FakeReply.ToolCall("tally", new { number = 1 }),
            FakeReply.ToolCall("finish", new { summary = "counted" }),
            reject,
            FakeReply.ToolCall("finish", new { summary = "still counted" }),
            reject);

        var outcome = await team.RunAsync(goal: "Count to one.", verify: null, definition: CountingTeamDefinition.Create(board, target: 1));

        outcome.Status.ShouldBe(RunStatus.FailedVerification, outcome.Reason);
        outcome.Reason.ShouldBe("the auditor rejected the change 2 times: count again");
        team.Server.ChatRequests[4].LastMessageText.ShouldStartWith("The auditor rejected the change:\n- count again");
    }

    [Fact]
    public void Validate_RepeatedRoleName_FailsWithTheNames()
    {
        var definition = CountingTeamDefinition.Create(new TallyBoard(), 1);
        var broken = definition with { Reviewer = definition.Reviewer with { Name = "counter" } };

        var error = Should.Throw<ArgumentException>(broken.Validate);

        error.Message.ShouldContain("'coordinator', 'counter', 'counter'");
    }
}
