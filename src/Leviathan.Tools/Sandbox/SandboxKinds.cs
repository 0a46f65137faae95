namespace Leviathan.Tools.Sandbox;

/// <summary>The names of <see cref="SandboxKind"/> on the command line and in configuration.</summary>
public static class SandboxKinds
{
    /// <summary>The accepted names, in the order they are offered.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bwrap", "podman", "none"];

    /// <summary>The name of a kind: <c>bwrap</c>, <c>podman</c> or <c>none</c>.</summary>
    public static string NameOf(SandboxKind kind) => kind switch
    {
        SandboxKind.Bubblewrap => "bwrap",
        SandboxKind.Podman => "podman",
        SandboxKind.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sandbox kind"),
    };

    /// <summary>Parses a name (case-insensitive; <c>bubblewrap</c> is accepted for <c>bwrap</c>).</summary>
    public static bool TryParse(string? name, out SandboxKind kind)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "bwrap" or "bubblewrap":
                kind = SandboxKind.Bubblewrap;
                return true;
            case "podman":
                kind = SandboxKind.Podman;
                return true;
            case "none":
                kind = SandboxKind.None;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
