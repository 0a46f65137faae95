namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>What presets look at on the host: the user's home, the host environment, programs on the host PATH.</summary>
internal sealed class ToolchainHost(string home, IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The user's home folder (the HOME variable).</summary>
    public string Home { get; } = home;

    /// <summary>A host variable, or null when unset or empty.</summary>
    public string? Variable(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A path in the home folder.</summary>
    public string InHome(string relative) => Path.Join(Home, relative);

    /// <summary>The real folder of a program found on the host PATH, or null.</summary>
    public string? ProgramFolder(string program) =>
        ExecutableSearch.Find(program, Variable("PATH")) is { } found ? Path.GetDirectoryName(WorkspaceGuard.RealPath(found)) : null;
}
