namespace Leviathan.Agents.Launching;

/// <summary>Why a run could not be launched.</summary>
public enum RunLaunchErrorKind
{
    /// <summary>The request is wrong (a bad policy, an unknown approval rule, a workspace that may not be used, no model route): fix it and ask again.</summary>
    InvalidRequest,

    /// <summary>Something the run needs is not there (the sandbox tool is not installed).</summary>
    Unavailable,
}
