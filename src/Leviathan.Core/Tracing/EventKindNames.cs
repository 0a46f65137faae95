namespace Leviathan.Core.Tracing;

/// <summary>The snake_case names of <see cref="EventKind"/> used in storage and exports.</summary>
public static class EventKindNames
{
    private static readonly string[] Names =
        ["message", "thought", "tool_call", "tool_result", "verdict", "plan_update", "error", "status", "artifact", "metric"];

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The wire name of a kind.</summary>
    public static string ToName(this EventKind kind) => Names[(int)kind];

    /// <summary>Parses a wire name; false when it is not one.</summary>
    public static bool TryParse(string? name, out EventKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = index < 0 ? default : (EventKind)index;
        return index >= 0;
    }
}
