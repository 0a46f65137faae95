using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Control;

/// <summary><c>todo_read {}</c>: the current TODO list.</summary>
internal sealed class TodoReadTool(TeamSignals signals)
    : Tool<TodoReadArguments>("todo_read", "Show the current TODO list of the run.")
{
    protected override Task<ToolResult> HandleAsync(TodoReadArguments arguments, ToolContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ToolResult.Success(TodoText.Render(signals.Plan)));
}
