using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Team;

/// <summary>
/// The tools through which the roles talk to the loop: the planner's <c>todo_write</c>, the worker's <c>finish</c> and
/// <c>refuse_plan</c>, the reviewer's <c>verdict</c>. Each call makes a new instance tied to the run.
/// </summary>
public sealed class TeamControlTools
{
    private readonly Control.TeamSignals _signals;
    private readonly Func<string, bool> _wasObserved;

    internal TeamControlTools(Control.TeamSignals signals, Func<string, bool> wasObserved)
    {
        _signals = signals;
        _wasObserved = wasObserved;
    }

    /// <summary><c>todo_write</c>: replaces the run's TODO list.</summary>
    public ITool TodoWrite() => new Control.TodoWriteTool(_signals);

    /// <summary><c>todo_read</c>: shows the run's TODO list.</summary>
    public ITool TodoRead() => new Control.TodoReadTool(_signals);

    /// <summary><c>finish</c>: the worker declares the work done; the orchestrator verifies.</summary>
    public ITool Finish() => new Control.FinishTool(_signals);

    /// <summary><c>refuse_plan</c>: the worker proves a TODO item impossible, quoting something the run observed.</summary>
    public ITool RefusePlan() => new Control.RefusePlanTool(_signals, _wasObserved);

    /// <summary><c>verdict</c>: the reviewer accepts or rejects the verified work, with reasons.</summary>
    public ITool Verdict() => new Control.VerdictTool(_signals);
}
