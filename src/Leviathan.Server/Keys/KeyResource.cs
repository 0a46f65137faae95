using System.ComponentModel;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Keys;

/// <summary>An API key without its secret.</summary>
internal sealed record KeyResource(
    Guid Id,
    string Name,
    KeyRole Role,
    [property: Description("The key's first characters, to tell keys apart.")] string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public static KeyResource From(ApiKeyRecord key) =>
        new(key.Id, key.Name, (KeyRole)(int)key.Role, key.Prefix, key.CreatedAt, key.RevokedAt);
}
