namespace Leviathan.Tools.Policy;

/// <summary>How surely a rule matches a call.</summary>
internal enum PolicyMatchLevel
{
    /// <summary>It does not match.</summary>
    None,

    /// <summary>It might: a value it needs is only known when the shell runs. A deny rule becomes confirm.</summary>
    Uncertain,

    /// <summary>It matches.</summary>
    Certain,
}

/// <summary>A rule's match with what it saw, for the decision's reason.</summary>
internal readonly record struct PolicyMatch(PolicyMatchLevel Level, string? Detail)
{
    public static readonly PolicyMatch No = new(PolicyMatchLevel.None, null);

    public static PolicyMatch Yes(string? detail = null) => new(PolicyMatchLevel.Certain, detail);

    public static PolicyMatch Maybe(string detail) => new(PolicyMatchLevel.Uncertain, detail);

    /// <summary>The surer of two matches (the first when equal).</summary>
    public PolicyMatch Or(PolicyMatch other) => other.Level > Level ? other : this;
}
