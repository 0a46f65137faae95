namespace Leviathan.Evaluation.Suites;

/// <summary>The outcome of judging one attempt at a task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tests">Every judge test, fail-to-pass first, in the order of the task's lists.</param>
public sealed record JudgeReport(string TaskId, IReadOnlyList<JudgedTest> Tests)
{
    /// <summary>The fail-to-pass tests.</summary>
    public IReadOnlyList<JudgedTest> FailToPass => [.. Tests.Where(t => t.Kind == JudgeTestKind.FailToPass)];

    /// <summary>The pass-to-pass tests.</summary>
    public IReadOnlyList<JudgedTest> PassToPass => [.. Tests.Where(t => t.Kind == JudgeTestKind.PassToPass)];

    /// <summary>Whether the task is solved: every fail-to-pass and every pass-to-pass test passed (SWE-bench's "resolved").</summary>
    public bool Resolved => Tests.All(t => t.Passed);

    /// <summary>One line: how many of each list passed, and the ids of the tests that failed.</summary>
    public string Summary
    {
        get
        {
            var failed = Tests.Where(t => !t.Passed).Select(t => t.TimedOut ? $"{t.TestId} (timed out)" : t.TestId).ToList();
            var line = $"{TaskId}: fail_to_pass {FailToPass.Count(t => t.Passed)}/{FailToPass.Count} passed, pass_to_pass {PassToPass.Count(t => t.Passed)}/{PassToPass.Count} passed";
            return failed.Count == 0 ? line : $"{line}; failed: {string.Join(", ", failed)}";
        }
    }
}
