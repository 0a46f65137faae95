using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>
/// The software team scripted on the fake model server for <see cref="TinyPack"/> tasks: the planner plans, the critic
/// accepts; the engineer writes the fix when the goal names one of the tasks it fixes, and otherwise finishes without a
/// change (the visible tests pass, the hidden one does not: judged not resolved).
/// </summary>
internal static class ScriptedTeam
{
    /// <summary>The reply to one request of a run whose goal names one of <see cref="TinyPack"/>'s tasks.</summary>
    public static FakeReply Respond(FakeRequest request, Func<string, bool> fixes)
    {
        var tools = request.ToolNames;
        if (tools.Contains("verdict"))
        {
            return FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The verification passed." } });
        }

        if (!tools.Contains("finish"))
        {
            return FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() for negative numbers", status = "pending" } } });
        }

        var step = request.Messages.Count(m => m["role"]?.GetValue<string>() == "assistant");
        return step == 0 && fixes(TaskOf(request))
            ? FakeReply.ToolCall("write_file", new { path = "calc.py", content = TinyPack.FixedCalc })
            : FakeReply.ToolCall("finish", new { summary = "Done." });
    }

    /// <summary>The task a request's run works on, from the goal <see cref="TinyPack"/> writes ("… (task ID).").</summary>
    public static string TaskOf(FakeRequest request)
    {
        var text = string.Join("\n", request.Messages.Select(FakeRequest.TextOf));
        var start = text.IndexOf("(task ", StringComparison.Ordinal);
        return start < 0 ? string.Empty : text[(start + 6)..text.IndexOf(')', start)];
    }
}
