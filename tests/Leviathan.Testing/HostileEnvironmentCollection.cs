namespace Leviathan.Testing;

/// <summary>The name of the xunit collection for tests that change the process environment (run alone, never in parallel).</summary>
public static class HostileEnvironmentCollection
{
    public const string Name = "hostile process environment";
}
