namespace Leviathan.Simulation.Mjcf;

/// <summary>The XML uses something outside Leviathan's MJCF object model, or a value it cannot read.</summary>
public sealed class MjcfFormatException : Exception
{
    public MjcfFormatException(string message, int? line = null)
        : base(line is null ? message : $"{message} (line {line})")
    {
        Line = line;
    }

    public int? Line { get; }
}
