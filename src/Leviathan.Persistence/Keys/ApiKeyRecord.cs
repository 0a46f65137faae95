namespace Leviathan.Persistence.Keys;

/// <summary>A stored API key: everything but the key itself. <see cref="Prefix"/> is its first characters, to tell keys apart.</summary>
public sealed record ApiKeyRecord(Guid Id, string Name, ApiKeyRole Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>A revoked key authenticates nothing.</summary>
    public bool Revoked => RevokedAt is not null;
}
