using Leviathan.Core.Runs;

namespace Leviathan.Models.Accounting;

/// <summary>
/// A model call was not made because it could cross the run's budget. Nothing was spent on it.
/// The agent loop ends the run with <see cref="Status"/> (<c>budget_exhausted</c>) and <see cref="Exception.Message"/> as the reason.
/// </summary>
public sealed class BudgetExhaustedException : Exception
{
    public BudgetExhaustedException(string message, ModelUsageTotals spent, RunBudget budget)
        : base(message)
    {
        Spent = spent;
        Budget = budget;
    }

    public BudgetExhaustedException()
        : this("the budget is exhausted", ModelUsageTotals.None, RunBudget.Unlimited)
    {
    }

    public BudgetExhaustedException(string message)
        : this(message, ModelUsageTotals.None, RunBudget.Unlimited)
    {
    }

    public BudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Spent = ModelUsageTotals.None;
        Budget = RunBudget.Unlimited;
    }

    /// <summary>The run's model usage when the call was refused.</summary>
    public ModelUsageTotals Spent { get; }

    public RunBudget Budget { get; }

    /// <summary>The status a run ends with because of this: <see cref="RunStatus.BudgetExhausted"/>.</summary>
    public RunStatus Status => RunStatus.BudgetExhausted;
}
