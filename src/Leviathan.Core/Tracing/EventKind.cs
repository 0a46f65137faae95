namespace Leviathan.Core.Tracing;

/// <summary>What a trace event records.</summary>
public enum EventKind
{
    Message,
    Thought,
    ToolCall,
    ToolResult,
    Verdict,
    PlanUpdate,
    Error,
    Status,
    Artifact,
    Metric,
}
