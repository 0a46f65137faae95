namespace Leviathan.Engineering.Processes;

/// <summary>What a finished command returned.</summary>
public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, bool TimedOut);
