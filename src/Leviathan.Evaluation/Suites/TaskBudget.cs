using Leviathan.Core.Runs;

namespace Leviathan.Evaluation.Suites;

/// <summary>What one attempt at a task may spend. A null limit is unlimited.</summary>
/// <param name="Tokens">Model tokens, input and output together.</param>
/// <param name="Usd">Model cost in US dollars.</param>
/// <param name="Steps">Agent steps (tool calls).</param>
public sealed record TaskBudget(long? Tokens = null, decimal? Usd = null, long? Steps = null)
{
    /// <summary>No limits.</summary>
    public static TaskBudget Unlimited { get; } = new();

    /// <summary>This budget with every limit it leaves open taken from <paramref name="defaults"/>.</summary>
    public TaskBudget Over(TaskBudget defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new TaskBudget(Tokens ?? defaults.Tokens, Usd ?? defaults.Usd, Steps ?? defaults.Steps);
    }

    /// <summary>The run budget of an attempt, with the task's time limit as the wall-clock limit.</summary>
    public RunBudget ToRunBudget(TimeSpan? timeLimit) =>
        new(Tokens, Usd, Steps is { } steps ? (int)Math.Min(steps, int.MaxValue) : null, timeLimit);
}
