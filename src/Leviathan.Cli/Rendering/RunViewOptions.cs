namespace Leviathan.Cli.Rendering;

/// <summary>How <c>runs show</c> renders: colours, line width, and how much of each event.</summary>
/// <param name="Ansi">Colour errors and durations.</param>
/// <param name="Width">Lines are cut to this many characters (the terminal's width); ignored with <paramref name="Full"/>.</param>
/// <param name="Full">Every event whole: no cut lines, no excerpts.</param>
internal sealed record RunViewOptions(bool Ansi, int Width, bool Full)
{
    /// <summary>The width when output is not a terminal and <c>COLUMNS</c> is not set.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>Also list every other payload field (model, usage, policy) under each event: <c>--event N</c>.</summary>
    public bool AllFields { get; init; }
}
