namespace Leviathan.Tools.Policy;

/// <summary>Where a layer of the policy comes from, which decides what it may change.</summary>
public enum PolicyLayerKind
{
    /// <summary>The rules embedded in Leviathan.</summary>
    BuiltIn,

    /// <summary>The user's own configuration (<c>&lt;home&gt;/config.yaml</c>, section <c>policy</c>): may change anything.</summary>
    User,

    /// <summary><c>&lt;workspace&gt;/.leviathan/policy.yaml</c>: written by whoever wrote the repository, so it may only tighten.</summary>
    Workspace,

    /// <summary>A policy file given on the command line (<c>--policy FILE</c>): the user's own, may change anything.</summary>
    Run,
}
