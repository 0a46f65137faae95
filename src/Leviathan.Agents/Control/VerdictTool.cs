using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Control;

/// <summary><c>verdict {accept, reasons}</c>: the critic's decision on a verified change.</summary>
internal sealed class VerdictTool(TeamSignals signals)
    : Tool<VerdictArguments>("verdict", "Accept or reject the verified change, with reasons.")
{
    public const string ToolName = "verdict";

    protected override Task<ToolResult> HandleAsync(VerdictArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        signals.Verdict = (arguments.Accept, arguments.Reasons);
        return Task.FromResult(ToolResult.Success(arguments.Accept ? "Accepted." : "Rejected; the reasons go to the engineer."));
    }
}
