namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>api_keys</c>: a key's name, role and SHA-256 hash (the key itself is never stored).</summary>
internal sealed class ApiKeyEntity
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public long CreatedAt { get; set; }

    public long? RevokedAt { get; set; }
}
