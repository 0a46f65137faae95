using Leviathan.Core.Plans;

namespace Leviathan.Agents.Control;

/// <summary>
/// What the team's control tools (todo_write, finish, refuse_plan, verdict) told the orchestrator during one turn.
/// The orchestrator reads and clears it after each turn; the plan persists.
/// </summary>
internal sealed class TeamSignals
{
    public IReadOnlyList<PlanItem> Plan { get; set; } = [];

    public bool PlanWritten { get; set; }

    public string? FinishSummary { get; set; }

    public (string Reason, string Evidence)? Refusal { get; set; }

    public (bool Accept, IReadOnlyList<string> Reasons)? Verdict { get; set; }

    public void ClearTurn()
    {
        PlanWritten = false;
        FinishSummary = null;
        Refusal = null;
        Verdict = null;
    }
}
