namespace Leviathan.Models.Profiles;

/// <summary>The configuration names of <see cref="ModelCapabilities"/>: <c>tools</c>, <c>json_schema</c>, <c>logprobs</c>, <c>streaming</c>, <c>vision</c>.</summary>
public static class ModelCapabilityNames
{
    private static readonly (ModelCapabilities Flag, string Name)[] Names =
    [
        (ModelCapabilities.ToolCalls, "tools"),
        (ModelCapabilities.JsonSchema, "json_schema"),
        (ModelCapabilities.Logprobs, "logprobs"),
        (ModelCapabilities.Streaming, "streaming"),
        (ModelCapabilities.Vision, "vision"),
    ];

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToList();

    /// <summary>The names of the set flags, in a fixed order.</summary>
    public static IReadOnlyList<string> ToNames(this ModelCapabilities capabilities) =>
        Names.Where(n => capabilities.HasFlag(n.Flag)).Select(n => n.Name).ToList();

    /// <summary>Parses one name (case-insensitive; <c>tool_calls</c> and <c>json-schema</c> are accepted too).</summary>
    public static bool TryParse(string name, out ModelCapabilities capability)
    {
        var normalized = name.Trim().ToLowerInvariant().Replace('-', '_');
        if (normalized == "tool_calls")
        {
            normalized = "tools";
        }

        foreach (var (flag, text) in Names)
        {
            if (text == normalized)
            {
                capability = flag;
                return true;
            }
        }

        capability = ModelCapabilities.None;
        return false;
    }
}
