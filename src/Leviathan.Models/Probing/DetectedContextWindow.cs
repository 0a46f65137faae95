namespace Leviathan.Models.Probing;

/// <summary>A context window a server reported.</summary>
/// <param name="Tokens">The window in tokens.</param>
/// <param name="Source">Where it was read, e.g. <c>llama.cpp GET /props n_ctx</c>.</param>
public sealed record DetectedContextWindow(int Tokens, string Source);
