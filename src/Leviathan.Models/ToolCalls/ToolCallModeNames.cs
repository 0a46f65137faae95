namespace Leviathan.Models.ToolCalls;

/// <summary>The configuration names of <see cref="ToolCallMode"/>: <c>auto</c>, <c>native</c>, <c>text</c>.</summary>
public static class ToolCallModeNames
{
    /// <summary>Every accepted name, the default first.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "native", "text"];

    /// <summary>The configuration name of <paramref name="mode"/>.</summary>
    public static string ToName(this ToolCallMode mode) => mode switch
    {
        ToolCallMode.Native => "native",
        ToolCallMode.Text => "text",
        _ => "auto",
    };

    /// <summary>Parses a name, case-insensitively.</summary>
    public static bool TryParse(string? name, out ToolCallMode mode)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "auto":
                mode = ToolCallMode.Auto;
                return true;
            case "native":
                mode = ToolCallMode.Native;
                return true;
            case "text":
                mode = ToolCallMode.Text;
                return true;
            default:
                mode = ToolCallMode.Auto;
                return false;
        }
    }
}
