using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Control;

/// <summary>
/// <c>refuse_plan {reason, evidence}</c>: the engineer proves an item impossible. The evidence must quote something the
/// run actually observed (a tool result), so a refusal cannot be made up.
/// </summary>
internal sealed class RefusePlanTool(TeamSignals signals, Func<string, bool> wasObserved)
    : Tool<RefusePlanArguments>("refuse_plan", "Refuse a TODO item that cannot be done, with the reason and evidence (command output or file excerpt copied from a tool result).")
{
    public const string ToolName = "refuse_plan";

    protected override Task<ToolResult> HandleAsync(RefusePlanArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var evidence = arguments.Evidence.Trim();
        if (evidence.Length < 8 || !wasObserved(evidence))
        {
            return Task.FromResult(ToolResult.Error(
                "Refusal not accepted: the evidence must be an excerpt (at least 8 characters) copied from a tool result of this run, "
                + "such as a command's output or a file's content. Run the command or read the file that shows the problem, then refuse again quoting it."));
        }

        signals.Refusal = (arguments.Reason, evidence);
        return Task.FromResult(ToolResult.Success("Refusal recorded with its evidence; the planner will revise the plan."));
    }
}
