namespace Leviathan.Persistence.Keys;

/// <summary>A key just created: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Record, string Secret);
