namespace Leviathan.Engineering.Generation;

/// <summary>Why a generated candidate was not kept (in <c>index.json</c> and the closing table).</summary>
public static class RejectionReasons
{
    /// <summary>The environment fails the spec rules or the MuJoCo validator (does not load, overlaps, unstable).</summary>
    public const string Invalid = "invalid";

    /// <summary>With no solution the payload already meets the objective from at least one jitter sample or jitter extreme.</summary>
    public const string Trivial = "trivial";

    /// <summary>The baseline solver found no solution within its budget.</summary>
    public const string Unsolved = "unsolved";

    /// <summary>Proven, but its difficulty level is not the one <c>--level</c> asked for.</summary>
    public const string OtherLevel = "other_level";

    /// <summary>Every reason, in the order the closing table shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [Invalid, Trivial, Unsolved, OtherLevel];
}
