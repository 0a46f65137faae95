namespace Leviathan.Models.Resilience;

/// <summary>A retry about to happen: which attempt, after how long, and why.</summary>
/// <param name="Profile">The profile name.</param>
/// <param name="Attempt">1 for the first retry.</param>
/// <param name="Delay">The wait before it (the server's Retry-After when it sent one).</param>
/// <param name="Reason">The failure that caused it.</param>
/// <param name="FromRetryAfter">True when <paramref name="Delay"/> came from the server's Retry-After.</param>
public sealed record ModelRetryInfo(string Profile, int Attempt, TimeSpan Delay, string Reason, bool FromRetryAfter);
