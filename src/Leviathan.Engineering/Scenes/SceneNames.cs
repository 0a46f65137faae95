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
}
