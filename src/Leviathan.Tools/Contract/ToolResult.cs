namespace Leviathan.Tools.Contract;

/// <summary>
/// The outcome of a tool call as the model sees it. A failure is a result with
/// <see cref="IsError"/> set, never an exception.
/// </summary>
public sealed record ToolResult
{
    /// <summary>The text shown to the model, capped by <see cref="OutputCap"/>.</summary>
    public required string Text { get; init; }

    /// <summary>Whether the call failed (bad arguments, refusal, non-zero exit...).</summary>
    public bool IsError { get; init; }

    /// <summary>The exit status, for tools that run a process.</summary>
    public int? ExitCode { get; init; }

    /// <summary>How long the call took, measured by the tool set.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Files the call created, changed or deleted.</summary>
    public IReadOnlyList<ToolArtifact> Artifacts { get; init; } = [];

    /// <summary>Images for a model that can see; a model that cannot gets the text alone, which must then describe them.</summary>
    public IReadOnlyList<ToolImage> Images { get; init; } = [];

    /// <summary>The result as data (JSON) for the trace and for programs; the model reads <see cref="Text"/>.</summary>
    public System.Text.Json.Nodes.JsonNode? StructuredContent { get; init; }

    /// <summary>A successful result.</summary>
    public static ToolResult Success(string text, IReadOnlyList<ToolArtifact>? artifacts = null) =>
        new() { Text = text, Artifacts = artifacts ?? [] };

    /// <summary>A failed result with a message the model can act on.</summary>
    public static ToolResult Error(string text) => new() { Text = text, IsError = true };
}
