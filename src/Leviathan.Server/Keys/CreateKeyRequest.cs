using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Keys;

/// <summary>The body of <c>POST /v1/admin/keys</c>.</summary>
internal sealed record CreateKeyRequest : IRequestBody
{
    [Description("A name for the key's holder, 1 to 64 printable characters.")]
    [StringLength(64, MinimumLength = 1)]
    public required string Name { get; init; }

    [Description("viewer reads; operator also creates and cancels runs; admin also manages keys and backups.")]
    public required KeyRole Role { get; init; }
}
