namespace Leviathan.Engineering.Generation;

/// <summary>The outcome of one proof step: passed, or why not.</summary>
public sealed record Verdict(bool Passed, string Detail);
