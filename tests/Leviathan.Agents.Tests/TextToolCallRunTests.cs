using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

/// <summary>Whole team runs against servers that write tool calls as text instead of native <c>tool_calls</c>.</summary>
public sealed class TextToolCallRunTests
{
    [Theory]
    [InlineData(FakeToolCallFormat.Hermes, "hermes")]
    [InlineData(FakeToolCallFormat.Mistral, "mistral")]
    [InlineData(FakeToolCallFormat.JsonBlock, "json")]
    [InlineData(FakeToolCallFormat.Llama, "llama")]
    [InlineData(FakeToolCallFormat.ReAct, "react")]
    public async Task Run_ServerWritesEveryCallAsText_SucceedsInAutoModeAndTracesTheFormat(FakeToolCallFormat written, string format)
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.WriteToolCallsAs = written;
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed().WithText("The test fails because add subtracts."), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        var events = await team.EventsAsync(outcome.RunId);
        var calls = events.Where(e => e.Kind == EventKind.ToolCall && e.Role != "orchestrator").ToList();
        calls.Select(e => TeamHarness.Payload(e).GetProperty("name").GetString()).ShouldBe(["todo_write", "write_file", "finish", "verdict"]);
        calls.ShouldAllBe(e => TeamHarness.Payload(e).GetProperty("format").GetString() == format);
        var thought = events.First(e => e.Kind == EventKind.Message && e.Role == "engineer" && TeamHarness.Payload(e).GetProperty("role").GetString() == "assistant");
        TeamHarness.Payload(thought).GetProperty("content").GetString().ShouldBe("The test fails because add subtracts.");
        team.Server.ChatRequests.ShouldAllBe(r => r.ToolResults.Count == 0, "results of text calls go back as user messages");
        team.Server.ChatRequests[2].LastMessageText.ShouldContain("<tool_response name=\"write_file\">");
    }

    [Fact]
    public async Task Run_TextModeAgainstAServerThatRefusesTools_SucceedsWithoutEverSendingTools()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.RefuseToolsMessage = "tools param requires --jinja flag";
        team.Server.WriteToolCallsAs = FakeToolCallFormat.Hermes;
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync(toolCalls: ToolCallMode.Text);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.Server.ChatRequests.Count.ShouldBe(4);
        team.Server.ChatRequests.ShouldAllBe(r => r.ToolNames.Count == 0);
        team.Server.ChatRequests[1].SystemPrompt.ShouldContain("- write_file: ");
        team.Server.ChatRequests[0].SystemPrompt.ShouldNotContain("- write_file: ", Case.Sensitive, "the planner is offered only its own tools");
    }

    [Fact]
    public async Task Run_AutoModeAgainstAServerThatRefusesTools_FallsBackToTextAndSucceeds()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.RefuseToolsMessage = "tools param requires --jinja flag";
        team.Server.WriteToolCallsAs = FakeToolCallFormat.Hermes;
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.Server.ChatRequests.Count(r => r.ToolNames.Count > 0).ShouldBe(1, "one refused request, then the tools are described in the prompt");
    }

    [Fact]
    public async Task Run_BrokenTextCall_ModelReadsTheErrorAndCorrectsIt()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan().Select(r => r.AsText(FakeToolCallFormat.Hermes)),
            FakeReply.Text("<tool_call>\n{\"name\": \"write_file\", \"arguments\": {\"path\": \"calc.py\", \"content\": \n</tool_call>"),
            TeamHarness.WriteFixed().AsText(FakeToolCallFormat.Hermes),
            TeamHarness.Finish().AsText(FakeToolCallFormat.Hermes),
            TeamHarness.Accept().AsText(FakeToolCallFormat.Hermes),
        ]);

        var outcome = await team.RunAsync(toolCalls: ToolCallMode.Text);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        var feedback = team.Server.ChatRequests[2].LastMessageText;
        feedback.ShouldStartWith("<tool_response name=\"write_file\">\nYour tool call to 'write_file'");
        feedback.ShouldContain("could not be read");
        var events = await team.EventsAsync(outcome.RunId);
        var broken = events.First(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == "write_file");
        TeamHarness.Payload(broken).GetProperty("arguments_raw").GetString()!.ShouldContain("\"path\": \"calc.py\"");
        TeamHarness.Payload(events.Single(e => e.ParentId == broken.Id)).GetProperty("is_error").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Run_ModelNeverCallsATool_EndsStuckAndSaysHowToCheckTheServer()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.RespondWith(_ => FakeReply.Text("1. Fix add() in calc.py\n2. Run the tests"));

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Stuck, outcome.Reason);
        outcome.Reason.ShouldStartWith("the planner wrote no TODO list in ");
        outcome.Reason.ShouldContain("the model made no tool call in this run: 'leviathan models ping' shows how the server returns tool calls and which tool_calls setting to use");
    }
}
