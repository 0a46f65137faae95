using System.Globalization;
using System.Text.Json;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Teams;

/// <summary>
/// The reviewer's <c>verdict</c>, guarded: accepting is refused unless the orchestrator's last evaluation passed every
/// start and every check. The model's word never turns a failing evaluation into a success.
/// </summary>
internal sealed class RobustVerdictTool(ITool inner, SolutionVerifier verifier) : ITool
{
    public ToolDefinition Definition => inner.Definition;

    public Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        if (arguments.ValueKind == JsonValueKind.Object
            && arguments.TryGetProperty("accept", out var accept)
            && accept.ValueKind == JsonValueKind.True
            && verifier.Last is { Success: false } report)
        {
            return Task.FromResult(ToolResult.Error(string.Create(
                CultureInfo.InvariantCulture,
                $"A solution that fails the evaluation cannot be accepted: {report.StartsPassed} of {report.StartsDrawn} starts pass and {report.Reasons.Count} check(s) fail. It is not robust; call verdict with accept false and say which starts fail and why.")));
        }

        return inner.InvokeAsync(arguments, context, cancellationToken);
    }
}
