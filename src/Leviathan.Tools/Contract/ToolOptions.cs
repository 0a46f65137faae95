namespace Leviathan.Tools.Contract;

/// <summary>Limits that apply to every tool result.</summary>
public sealed record ToolOptions
{
    /// <summary>The most characters of result text the model sees; the middle is cut beyond it.</summary>
    public int MaxOutputChars { get; init; } = 30_000;

    /// <summary>The longest wall-clock timeout a command may ask for.</summary>
    public TimeSpan MaxCommandTimeout { get; init; } = TimeSpan.FromSeconds(600);
}
