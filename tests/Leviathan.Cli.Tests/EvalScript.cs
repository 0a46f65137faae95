using Leviathan.Evaluation.Suites;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// A scripted model for evaluations of the python-bugs pack, answering each request from what it holds (so runs may
/// interleave): the planner writes one TODO, the engineer writes the reference fix's files for the tasks it "fixes"
/// (or first runs <see cref="Snoop"/> commands), then finishes; the critic accepts.
/// </summary>
internal sealed class EvalScript(SoftwareSuite suite, IReadOnlySet<string> fixes)
{
    /// <summary>Commands the engineer runs first in every task (looking for the hidden tests).</summary>
    public IReadOnlyList<string> Snoop { get; init; } = [];

    /// <summary>Also list and search the workspace with the file tools before anything else.</summary>
    public bool SnoopWithFileTools { get; init; }

    /// <summary>Tasks whose every request waits forever (and is reported here once).</summary>
    public IReadOnlySet<string> Hang { get; set; } = new HashSet<string>();

    /// <summary>Completed when a request of a hanging task arrives.</summary>
    public TaskCompletionSource HangReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every task a request was about, in order.</summary>
    public List<string> Asked { get; } = [];

    public FakeReply Respond(FakeRequest request)
    {
        var text = string.Join("\n", request.Messages.Select(FakeRequest.TextOf));
        var task = suite.Tasks.FirstOrDefault(t => text.Contains(Marker(t), StringComparison.Ordinal));
        if (task is null)
        {
            return FakeReply.Error(500, "the script recognises no task in this request");
        }

        lock (Asked)
        {
            Asked.Add(task.Id);
        }

        if (Hang.Contains(task.Id))
        {
            HangReached.TrySetResult();
            return FakeReply.Hang();
        }

        var tools = request.ToolNames;
        if (tools.Contains("verdict"))
        {
            return FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The verification passed." } });
        }

        if (!tools.Contains("finish"))
        {
            return FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Find and fix the bug", status = "pending" } } });
        }

        var step = request.Messages.Count(m => m["role"]?.GetValue<string>() == "assistant");
        var script = new List<FakeReply>();
        script.AddRange(Snoop.Select(c => FakeReply.ToolCall("run_command", new { command = c })));
        if (SnoopWithFileTools)
        {
            script.Add(FakeReply.ToolCall("list_files", new { }));
            script.Add(FakeReply.ToolCall("search_files", new { pattern = "def test_" }));
        }

        if (fixes.Contains(task.Id))
        {
            var reference = task.ReferenceDirectory!;
            foreach (var file in Directory.EnumerateFiles(reference, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                script.Add(FakeReply.ToolCall("write_file", new { path = Path.GetRelativePath(reference, file), content = File.ReadAllText(file) }));
            }
        }

        return step < script.Count ? script[step] : FakeReply.ToolCall("finish", new { summary = "Done." });
    }

    // The first line of the goal names the task in every role's conversation.
    private static string Marker(SoftwareTask task)
    {
        var line = task.Goal.Split('\n')[0].Trim();
        return line.Length > 60 ? line[..60] : line;
    }
}
