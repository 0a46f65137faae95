using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests;

/// <summary>The shipped example task (examples/agent-task): a calculator whose add() subtracts, and the scripted model that fixes it.</summary>
internal static class ExampleTask
{
    public static string Goal => File.ReadAllText(Path.Combine(RepositoryFiles.Example, "goal.txt")).Trim();

    public static string Verify => File.ReadAllText(Path.Combine(RepositoryFiles.Example, "verify.txt")).Trim();

    /// <summary>Copies the example's project into a new folder <paramref name="name"/> under <paramref name="parent"/>.</summary>
    public static string CopyTo(string parent, string name)
    {
        var target = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Example, "project")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    /// <summary>The model's side: plan, reproduce, read, fix, re-check, update the plan, finish; then the reviewer accepts.</summary>
    public static FakeReply[] Script() =>
    [
        FakeReply.ToolCall("todo_write", new
        {
            items = new[]
            {
                new { id = "1", text = "Reproduce the failure", status = "pending" },
                new { id = "2", text = "Fix add() in calc.py", status = "pending" },
            },
        }),
        FakeReply.ToolCall("run_command", new { command = "python3 -B test_calc.py" }),
        FakeReply.ToolCall("read_file", new { path = "calc.py" }),
        FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }),
        FakeReply.ToolCall("run_command", new { command = "python3 -B test_calc.py" }),
        FakeReply.ToolCall("todo_write", new
        {
            items = new[]
            {
                new { id = "1", text = "Reproduce the failure", status = "done" },
                new { id = "2", text = "Fix add() in calc.py", status = "done" },
            },
        }),
        FakeReply.ToolCall("finish", new { summary = "add() now returns a + b." }),
        FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Verification passed." } }),
    ];
}
