namespace Leviathan.Tools.Policy;

/// <summary>A function defined in a script, with what its body does that matters for a fork bomb.</summary>
internal sealed class ShellFunction(string name)
{
    public string Name { get; } = name;

    /// <summary>Its body calls the function itself.</summary>
    public bool CallsItself { get; set; }

    /// <summary>Its body pipes or puts a command in the background.</summary>
    public bool Forks { get; set; }
}
