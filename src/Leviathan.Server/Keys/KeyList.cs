namespace Leviathan.Server.Keys;

/// <summary>Every API key, oldest first, revoked ones included.</summary>
internal sealed record KeyList(IReadOnlyList<KeyResource> Items);
