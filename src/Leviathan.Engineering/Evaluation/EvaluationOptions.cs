using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Evaluation;

/// <summary>How a solution is judged beyond what the benchmark says.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The evaluator's default number of seeded jitter samples.</summary>
    public const int DefaultSamples = 8;

    /// <summary>Seeded jitter samples (uniform draws within the benchmark's jitter ranges); the objective must be met in every one. Default 8.</summary>
    public int Samples { get; init; } = DefaultSamples;

    /// <summary>
    /// Also judge at the nominal start and the corners of the jitter ranges (see <see cref="JudgeStarts"/>), so no
    /// start the jitter allows is far from a judged one. Default on.
    /// </summary>
    public bool Extremes { get; init; } = true;

    /// <summary>Shared volume (mm³) above which two solids overlap.</summary>
    public double OverlapThresholdMm3 { get; init; } = 1.0;

    /// <summary>How far (metres) a part may poke out of the build zone before it counts as outside.</summary>
    public double BuildZoneTolerance { get; init; } = 1e-4;

    /// <summary>Payload positions recorded per simulated second.</summary>
    public double SampleRateHz { get; init; } = 100;

    /// <summary>
    /// A motor held at its force or torque limit for this long without a break (simulated seconds) is beyond
    /// its limit: it stalls against its load instead of following its control. Shorter stretches at the limit
    /// are the motor accelerating at full force, which is allowed.
    /// </summary>
    public double MotorStallSeconds { get; init; } = 0.25;

    /// <summary>
    /// Simulate after the checks (default). Off: only the cheap checks run (CAD, materials, processes,
    /// manufacturability, zones, overlaps, weight, cost, motor ranges) and the report has no samples.
    /// </summary>
    public bool Simulate { get; init; } = true;

    /// <summary>When set, the assembled MJCF (payload at its nominal start) is written here.</summary>
    public string? SceneOutput { get; init; }

    public ManufacturingRules Rules { get; init; } = new();

    public CostRates Rates { get; init; } = new();
}
