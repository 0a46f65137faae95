namespace Leviathan.Persistence.Keys;

/// <summary>The wire and storage names of <see cref="ApiKeyRole"/>.</summary>
public static class ApiKeyRoleNames
{
    /// <summary>Every role name, weakest first.</summary>
    public static IReadOnlyList<string> All { get; } = ["viewer", "operator", "admin"];

    /// <summary>The lowercase name.</summary>
    public static string ToName(this ApiKeyRole role) => role switch
    {
        ApiKeyRole.Viewer => "viewer",
        ApiKeyRole.Operator => "operator",
        ApiKeyRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Parses a role name (case-insensitive).</summary>
    public static bool TryParse(string? name, out ApiKeyRole role)
    {
        switch (name?.ToLowerInvariant())
        {
            case "viewer":
                role = ApiKeyRole.Viewer;
                return true;
            case "operator":
                role = ApiKeyRole.Operator;
                return true;
            case "admin":
                role = ApiKeyRole.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
