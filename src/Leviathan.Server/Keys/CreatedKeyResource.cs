using System.ComponentModel;

namespace Leviathan.Server.Keys;

/// <summary>A key just created. <c>key</c> is shown this once; the server keeps only its hash.</summary>
internal sealed record CreatedKeyResource(
    Guid Id,
    string Name,
    KeyRole Role,
    string Prefix,
    DateTimeOffset CreatedAt,
    [property: Description("The secret to send as 'Authorization: Bearer <key>'. Store it now: it cannot be shown again.")] string Key);
