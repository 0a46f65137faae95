namespace Leviathan.Engineering.Json;

/// <summary>One problem in a spec file, located by its JSON path (<c>$.zones.goal.min</c>).</summary>
public sealed record SpecError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
