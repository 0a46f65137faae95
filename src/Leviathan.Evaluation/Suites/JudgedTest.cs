namespace Leviathan.Evaluation.Suites;

/// <summary>One judge test as it ran.</summary>
/// <param name="TestId">The test id.</param>
/// <param name="Kind">Its list.</param>
/// <param name="Passed">Whether its command exited 0 within the judge's timeout.</param>
/// <param name="ExitCode">The command's exit status (124 after the timeout).</param>
/// <param name="TimedOut">Whether the timeout ended it.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="Output">The end of what it printed (stdout, then stderr), for a reader to see why it failed.</param>
public sealed record JudgedTest(string TestId, JudgeTestKind Kind, bool Passed, int ExitCode, bool TimedOut, TimeSpan Duration, string Output);
