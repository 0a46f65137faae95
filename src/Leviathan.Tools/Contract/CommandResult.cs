namespace Leviathan.Tools.Contract;

/// <summary>What a command did.</summary>
/// <param name="ExitCode">The command's exit status (124 after a timeout, by convention).</param>
/// <param name="Stdout">Standard output, possibly capped by the runner.</param>
/// <param name="Stderr">Standard error, possibly capped by the runner.</param>
/// <param name="TimedOut">Whether the wall-clock timeout killed it.</param>
/// <param name="Duration">How long it ran.</param>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Duration)
{
    /// <summary>A line the runner wants shown with the output (for example that no sandbox was used).</summary>
    public string? Notice { get; init; }
}
