namespace Leviathan.Evaluation.Suites;

/// <summary>
/// How a finished attempt is judged, in the manner of SWE-bench: with the hidden tests in place, every
/// <see cref="FailToPass"/> test (fails on the starting files, passes after a correct fix) and every
/// <see cref="PassToPass"/> test (passes before and must still pass) is run on its own with
/// <see cref="Command"/>; its exit status decides.
/// </summary>
/// <param name="Command">A shell command line with <c>{test}</c> where the test id goes (shell-quoted), for example <c>python3 -m unittest {test}</c>.</param>
/// <param name="Timeout">The wall-clock limit of one test; a test that runs past it failed.</param>
/// <param name="FailToPass">Tests the fix must make pass.</param>
/// <param name="PassToPass">Tests the fix must not break.</param>
public sealed record JudgeSpec(string Command, TimeSpan Timeout, IReadOnlyList<string> FailToPass, IReadOnlyList<string> PassToPass)
{
    /// <summary>The placeholder in <see cref="Command"/> for the test id.</summary>
    public const string TestPlaceholder = "{test}";

    /// <summary>The command line that runs one test.</summary>
    public string CommandFor(string testId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(testId);
        return Command.Replace(TestPlaceholder, "'" + testId.Replace("'", "'\\''", StringComparison.Ordinal) + "'", StringComparison.Ordinal);
    }
}
