namespace Leviathan.Persistence.Keys;

/// <summary>What an API key may do; each role includes the ones before it.</summary>
public enum ApiKeyRole
{
    /// <summary>Reads runs, events, plans, diffs and artifacts; validates models.</summary>
    Viewer = 0,

    /// <summary>Also creates and cancels runs.</summary>
    Operator = 1,

    /// <summary>Also manages keys and backups.</summary>
    Admin = 2,
}
