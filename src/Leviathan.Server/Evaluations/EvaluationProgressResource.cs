using System.ComponentModel;

namespace Leviathan.Server.Evaluations;

/// <summary>Where an evaluation stands: what the harness reports while it runs, what its results hold once it stopped.</summary>
internal sealed record EvaluationProgressResource(
    [property: Description("Attempts planned: tasks × configurations × repeats; 0 until the job has started.")] int Total,
    [property: Description("Attempts ended so far (kept from an interrupted attempt of the job included).")] int Done,
    [property: Description("Attempts running now (for an evaluation that another server process runs: its runs that have not ended).")] int Running,
    [property: Description("Attempts whose run has ended, waiting for a judge or being judged (0 unless this server process runs the evaluation).")] int Judging,
    [property: Description("Attempts judged resolved so far.")] int Succeeded,
    [property: Description("Attempts that ended in an infrastructure failure so far (not counted in the rate).")] int Infrastructure,
    [property: Description("What the ended attempts cost, in US dollars.")] decimal CostUsd);
