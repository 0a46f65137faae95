using System.Text.Json.Nodes;

namespace Leviathan.Tools.Contract;

/// <summary>A tool as offered to a model: its name, what it does, and the JSON Schema of its arguments.</summary>
public sealed record ToolDefinition(string Name, string Description, JsonObject InputSchema);
