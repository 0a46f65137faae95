namespace Leviathan.Testing.FakeOpenAi;

/// <summary>
/// Scripted replies of the physics team that solve a shipped example benchmark through the tools: the planner's design plan,
/// then the engineer writes the example solution's files (examples/solutions/NAME) with write_file.
/// </summary>
public static class PhysicsScript
{
    /// <summary>The shipped benchmark file of an example (examples/benchmarks/NAME.json).</summary>
    public static string Benchmark(string example) => RepositoryRoot.Combine("examples", "benchmarks", example + ".json");

    /// <summary>The planner's todo_write with a two-item design plan.</summary>
    public static FakeReply Plan() => FakeReply.ToolCall("todo_write", new
    {
        items = new[]
        {
            new { id = "1", text = "Mechanism: a tilted ramp guides the payload into the goal; parts and allocation within the limits", status = "pending" },
            new { id = "2", text = "Simulation shows the payload in the goal in every jittered start", status = "pending" },
        },
    });

    /// <summary>One write_file per file of the example's solution, in name order.</summary>
    public static FakeReply[] WriteExample(string example) =>
        [.. Directory.GetFiles(RepositoryRoot.Combine("examples", "solutions", example))
            .Order(StringComparer.Ordinal)
            .Select(f => FakeReply.ToolCall("write_file", new { path = Path.GetFileName(f), content = File.ReadAllText(f) }))];

    /// <summary>The engineer's checks and finish, then the reviewer's acceptance.</summary>
    public static FakeReply[] CheckAndFinish() =>
    [
        FakeReply.ToolCall("validate_solution", new { }),
        FakeReply.ToolCall("finish", new { summary = "The ramp with two rails passes validation." }),
        FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
    ];
}
