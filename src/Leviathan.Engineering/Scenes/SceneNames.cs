namespace Leviathan.Engineering.Scenes;

/// <summary>How benchmark and solution items are named in the MJCF, so that names never collide.</summary>
public static class SceneNames
{
    public static string Fixture(string name) => "fixture-" + name;

    public static string Part(string name) => "part-" + name;

    public static string MotorBody(string name) => "motor-" + name;

    /// <summary>The actuator carries the motor's own name, so controls are addressed by it.</summary>
    public static string Actuator(string name) => name;

    public static string Joint(string name) => "joint-" + name;

    public static string Zone(string kind, string? name) => name is null ? $"zone-{kind}" : $"zone-{kind}-{name}";

    /// <summary>An MJCF geom or body name in the spec's words: <c>fixture 'floor'</c>, <c>part 'ramp'</c>, <c>motor 'arm'</c>.</summary>
    public static string Describe(string mjcfName) =>
        mjcfName.StartsWith("fixture-", StringComparison.Ordinal) ? $"fixture '{mjcfName["fixture-".Length..]}'"
        : mjcfName.StartsWith("part-", StringComparison.Ordinal) ? $"part '{mjcfName["part-".Length..]}'"
        : mjcfName.StartsWith("motor-", StringComparison.Ordinal) ? $"motor '{mjcfName["motor-".Length..].Replace("-hub", string.Empty, StringComparison.Ordinal)}'"
        : mjcfName;
}
