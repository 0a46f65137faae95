using System.ComponentModel;

namespace Leviathan.Server.Evaluations;

/// <summary>One resumption of an evaluation whose server stopped while it ran.</summary>
internal sealed record EvaluationResumeResource(
    [property: Description("When the job's next attempt resumed the evaluation.")] DateTimeOffset At,
    [property: Description("Finished attempts kept from before.")] int Kept,
    [property: Description("Attempts run again: those that had not ended, were cancelled or met an infrastructure failure.")] int Rerun);
