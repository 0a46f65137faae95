using System.Security.Claims;
using System.Text.Encodings.Web;
using Leviathan.Persistence.Keys;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leviathan.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer lvk_…</c>: the key's hash is looked up in the store; an unknown or revoked key fails
/// the same way as a missing one (401), and a key without the role gets 403, before any resource is looked at.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "leviathan:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header is not a Bearer key");
        }

        var secret = header["Bearer ".Length..].Trim();
        var key = await keys.AuthenticateAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown or revoked key");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(KeyIdClaim, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                .. Roles.Granted(key.Role).Select(role => new Claim(ClaimTypes.Role, role)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        await ProblemWriter.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            ProblemTypes.Unauthenticated,
            "Unauthenticated",
            presented
                ? "the API key is not valid (unknown, revoked or malformed); create one with 'leviathan keys create'"
                : "this endpoint needs an API key: send 'Authorization: Bearer <key>'; create one with 'leviathan keys create'");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await ProblemWriter.WriteAsync(
            Context,
            StatusCodes.Status403Forbidden,
            ProblemTypes.Forbidden,
            "Forbidden",
            "this key's role does not allow this operation; ask an admin for a key with a stronger role");
    }
}
