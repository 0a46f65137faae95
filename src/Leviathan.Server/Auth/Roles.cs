using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Auth;

/// <summary>Authorization policy names: one per role, each granted to that role and the stronger ones.</summary>
internal static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static IEnumerable<string> Granted(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => [Viewer, Operator, Admin],
        ApiKeyRole.Operator => [Viewer, Operator],
        _ => [Viewer],
    };
}
