namespace Leviathan.Tools.Contract;

/// <summary>A call a model asked for: a tool name and its arguments as raw JSON text.</summary>
public sealed record ToolCall(string Name, string ArgumentsJson)
{
    /// <summary>The model's id for the call, echoed back with the result.</summary>
    public string? Id { get; init; }
}
