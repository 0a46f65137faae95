namespace Leviathan.Agents.Team;

/// <summary>What a <see cref="TeamProgress"/> report is about.</summary>
public enum TeamProgressKind
{
    /// <summary>A role's model is being called (<see cref="TeamProgress.Note"/> is <c>thinking</c>).</summary>
    ModelCall,

    /// <summary>A tool call is about to run; <see cref="TeamProgress.Arguments"/> holds its JSON arguments.</summary>
    ToolCall,

    /// <summary>A tool call ended; <see cref="TeamProgress.Output"/>, <see cref="TeamProgress.Failed"/> and <see cref="TeamProgress.ExitCode"/> say how.</summary>
    ToolResult,

    /// <summary>The orchestrator starts the verification command (<see cref="TeamProgress.Note"/>).</summary>
    Verification,

    /// <summary>The verification ended; <see cref="TeamProgress.Note"/> says how, in words.</summary>
    VerificationResult,

    /// <summary>The critic's verdict; <see cref="TeamProgress.Failed"/> is a rejection, <see cref="TeamProgress.Note"/> the reasons.</summary>
    Verdict,

    /// <summary>Anything else worth a line (an intervention, a plan revision); <see cref="TeamProgress.Note"/> says what.</summary>
    Note,
}
