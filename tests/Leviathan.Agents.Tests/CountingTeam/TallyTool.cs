using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Tests.CountingTeam;

/// <summary><c>tally {number}</c>: the counting team's own tool; adds a number to the run's tally.</summary>
internal sealed class TallyTool(TallyBoard board) : Tool<TallyArguments>("tally", "Add the next number to the tally.")
{
    protected override Task<ToolResult> HandleAsync(TallyArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        board.Add(arguments.Number);
        return Task.FromResult(ToolResult.Success("tally: " + board));
    }
}
