using Leviathan.Evaluation.Statistics;

namespace Leviathan.Evaluation.Reports;

/// <summary>The figures of one configuration in an evaluation.</summary>
public sealed record ConfigurationSummary
{
    /// <summary>The configuration's name.</summary>
    public required string Name { get; init; }

    /// <summary>What it changes; empty when unknown.</summary>
    public required string Description { get; init; }

    /// <summary>Attempts with a result (counted or not).</summary>
    public required int Attempts { get; init; }

    /// <summary>Attempts that count (not infrastructure faults, not cancelled): the denominator of the success rate.</summary>
    public required int Counted { get; init; }

    /// <summary>Attempts judged resolved.</summary>
    public required int Succeeded { get; init; }

    /// <summary>Attempts lost to infrastructure faults (not counted).</summary>
    public required int Infrastructure { get; init; }

    /// <summary>Attempts cancelled (not counted).</summary>
    public required int Cancelled { get; init; }

    /// <summary>Attempts whose visible verify command passed.</summary>
    public required int AgentVerified { get; init; }

    /// <summary>Succeeded / Counted (0 when nothing counted).</summary>
    public double Rate => Counted == 0 ? 0 : (double)Succeeded / Counted;

    /// <summary>The Wilson 95 % interval of the rate.</summary>
    public (double Lower, double Upper) Interval => WilsonInterval.Of(Succeeded, Counted);

    /// <summary>pass@k for k = 1 … repeats (only when repeats &gt; 1), keyed by k.</summary>
    public required IReadOnlyDictionary<int, double> PassAtK { get; init; }

    /// <summary>Model cost of every attempt.</summary>
    public required decimal CostUsd { get; init; }

    /// <summary>Tokens in, all attempts.</summary>
    public required long TokensIn { get; init; }

    /// <summary>Tokens out, all attempts.</summary>
    public required long TokensOut { get; init; }

    /// <summary>Distinct tasks attempted.</summary>
    public required int Tasks { get; init; }

    /// <summary>Cost per task (all attempts at it).</summary>
    public decimal CostPerTask => Tasks == 0 ? 0 : CostUsd / Tasks;

    /// <summary>Cost per success; null without a success.</summary>
    public decimal? CostPerSuccess => Succeeded == 0 ? null : CostUsd / Succeeded;

    /// <summary>Tokens (in and out) per task.</summary>
    public double TokensPerTask => Tasks == 0 ? 0 : (double)(TokensIn + TokensOut) / Tasks;

    /// <summary>Tokens (in and out) per success; null without a success.</summary>
    public double? TokensPerSuccess => Succeeded == 0 ? null : (double)(TokensIn + TokensOut) / Succeeded;

    /// <summary>Steps per counted attempt.</summary>
    public required Distribution Steps { get; init; }

    /// <summary>Wall seconds per counted attempt.</summary>
    public required Distribution WallSeconds { get; init; }

    /// <summary>Steps of each counted attempt (for the histogram).</summary>
    public required IReadOnlyList<int> StepValues { get; init; }

    /// <summary>Attempts by run status.</summary>
    public required IReadOnlyDictionary<string, int> Statuses { get; init; }

    /// <summary>Attempts by failure category.</summary>
    public required IReadOnlyDictionary<string, int> Categories { get; init; }
}
