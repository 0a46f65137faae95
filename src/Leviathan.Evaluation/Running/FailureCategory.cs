namespace Leviathan.Evaluation.Running;

/// <summary>
/// Why an attempt does not count as a success, in the words results.jsonl uses. An attempt the agents gave up on
/// (failed_verification, refused, stuck, budget_exhausted) and whose hidden tests fail carries its run status as its category.
/// </summary>
public static class FailureCategory
{
    /// <summary>Judged resolved: no failure.</summary>
    public const string None = "none";

    /// <summary>The agents' run ended succeeded, yet the hidden tests failed (a claimed fix that is wrong).</summary>
    public const string WrongFix = "wrong_fix";

    /// <summary>Not the agents' failure: the sandbox or the model endpoint failed, or the harness could not prepare or judge the attempt.</summary>
    public const string Infrastructure = "infrastructure";

    /// <summary>Stopped (Ctrl-C) before it ended; a resumed evaluation runs it again.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether an attempt of this category counts in success rates (infrastructure faults and cancelled attempts do not).</summary>
    public static bool Counts(string category) => category is not (Infrastructure or Cancelled);

    /// <summary>Whether a resumed evaluation keeps the attempt (it ended by itself) rather than running it again.</summary>
    public static bool IsFinished(string category) => category is not (Infrastructure or Cancelled);
}
