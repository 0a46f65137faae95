using Leviathan.Persistence.Keys;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Keys;

/// <summary>Key management for admins: create (the secret is shown once), list, revoke.</summary>
internal static class KeysApi
{
    public const long MaxBodyBytes = 4 * 1024;

    public static void MapKeysApi(this IEndpointRouteBuilder v1)
    {
        var keys = v1.MapGroup("/admin/keys").WithTags("Keys").RequireAuthorization(Roles.Admin);

        keys.MapPost("", CreateAsync)
            .WithName("createKey")
            .WithSummary("Create an API key; the answer holds the key, which is never shown again")
            .ProducesValidationProblem()
            .WithJsonBody(MaxBodyBytes)
            .Secured();

        keys.MapGet("", ListAsync)
            .WithName("listKeys")
            .WithSummary("List API keys (without their secrets)")
            .Secured();

        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("revokeKey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke an API key; it stops working at once")
            .ProducesValidationProblem()
            .Secured();
    }

    private static async Task<Results<Created<CreatedKeyResource>, ValidationProblem>> CreateAsync(
        ApiKeyStore store, CreateKeyRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > ApiKeyStore.MaxNameLength || request.Name.Any(char.IsControl))
        {
            return ProblemResults.Invalid("name", $"must be 1 to {ApiKeyStore.MaxNameLength} printable characters");
        }

        if (!Enum.IsDefined(request.Role))
        {
            return ProblemResults.Invalid("role", "must be viewer, operator or admin");
        }

        var created = await store.CreateAsync(request.Name, (ApiKeyRole)(int)request.Role, cancellationToken);
        var key = created.Record;
        return TypedResults.Created(
            $"/v1/admin/keys/{key.Id}",
            new CreatedKeyResource(key.Id, key.Name, request.Role, key.Prefix, key.CreatedAt, created.Secret));
    }

    private static async Task<Ok<KeyList>> ListAsync(ApiKeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new KeyList([.. (await store.ListAsync(cancellationToken)).Select(KeyResource.From)]));

    private static async Task<Results<Ok<KeyResource>, ProblemHttpResult>> RevokeAsync(ApiKeyStore store, Guid id, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, cancellationToken) is { } revoked
            ? TypedResults.Ok(KeyResource.From(revoked))
            : ProblemResults.NotFound($"there is no key {id}; list them with GET /v1/admin/keys");
}
