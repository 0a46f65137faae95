namespace Leviathan.Core.Runs;

/// <summary>
/// The state of a run. The terminal values are the fixed taxonomy every run ends with.
/// </summary>
public enum RunStatus
{
    /// <summary>Created, not started.</summary>
    Pending,

    /// <summary>Being worked on.</summary>
    Running,

    /// <summary>Verification passed and the critic accepted.</summary>
    Succeeded,

    /// <summary>The task's verification did not pass.</summary>
    FailedVerification,

    /// <summary>The engineer proved the plan impossible; the proof is recorded.</summary>
    Refused,

    /// <summary>The team repeated itself without progress.</summary>
    Stuck,

    /// <summary>A token, money, step or time budget ran out.</summary>
    BudgetExhausted,

    /// <summary>Stopped by the user.</summary>
    Cancelled,

    /// <summary>An infrastructure fault, with detail in the reason.</summary>
    Error,
}
