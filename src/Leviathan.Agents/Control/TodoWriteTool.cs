using Leviathan.Core.Plans;
using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Control;

/// <summary><c>todo_write {items}</c>: replaces the run's TODO list (persisted by the orchestrator after the turn).</summary>
internal sealed class TodoWriteTool(TeamSignals signals)
    : Tool<TodoWriteArguments>("todo_write", "Replace the TODO list of the run with these items (id, text, status).")
{
    public const string ToolName = "todo_write";

    protected override Task<ToolResult> HandleAsync(TodoWriteArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var duplicate = arguments.Items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return Task.FromResult(ToolResult.Error($"Two TODO items have the id '{duplicate.Key}'; give each item its own id."));
        }

        signals.Plan = [.. arguments.Items.Select(i => new PlanItem(i.Id, i.Text, i.Status))];
        signals.PlanWritten = true;
        return Task.FromResult(ToolResult.Success("TODO list saved:\n" + TodoText.Render(signals.Plan)));
    }
}
