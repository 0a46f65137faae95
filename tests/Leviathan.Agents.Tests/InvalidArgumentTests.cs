using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

/// <summary>Arguments no file system accepts reach the model as errors it can fix; the run goes on.</summary>
public sealed class InvalidArgumentTests
{
    [Theory]
    [InlineData("read_file", "{\"path\": \"calc.py\\u0000\"}")]
    [InlineData("write_file", "{\"path\": \"calc\\u0000.py\", \"content\": \"x\"}")]
    [InlineData("edit_file", "{\"path\": \"calc.py\\u0000\", \"edits\": \"x\"}")]
    [InlineData("list_files", "{\"path\": \"\\u0000\"}")]
    [InlineData("run_command", "{\"command\": \"cat calc.py\\u0000\"}")]
    public async Task Run_NulCharacterInToolArgument_ModelGetsAToolErrorAndThenSucceeds(string tool, string arguments)
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            FakeReply.RawToolCall(tool, arguments),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        var seen = team.Server.ChatRequests[2].ToolResults.Single().Content;
        seen.ShouldContain("NUL");
        var events = await team.EventsAsync(outcome.RunId);
        var call = events.First(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == tool);
        var result = TeamHarness.Payload(events.Single(e => e.ParentId == call.Id));
        result.GetProperty("is_error").GetBoolean().ShouldBeTrue();
        result.GetProperty("text").GetString().ShouldBe(seen);
    }
}
