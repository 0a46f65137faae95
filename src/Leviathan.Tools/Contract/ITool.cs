using System.Text.Json;

namespace Leviathan.Tools.Contract;

/// <summary>
/// A tool an agent can call. Most tools derive from <see cref="Tool{TArguments}"/>, which generates the
/// schema from a typed argument record and validates arguments before the handler runs.
/// </summary>
public interface ITool
{
    /// <summary>The definition offered to the model.</summary>
    ToolDefinition Definition { get; }

    /// <summary>Validates the arguments and runs the tool; bad arguments give an error result.</summary>
    Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken);
}
