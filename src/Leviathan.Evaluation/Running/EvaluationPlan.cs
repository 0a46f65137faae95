using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Suites;

namespace Leviathan.Evaluation.Running;

/// <summary>What an evaluation runs: a suite's tasks × configurations × repeats, into an output folder.</summary>
public sealed record EvaluationPlan
{
    /// <summary>The suite: a software task pack or a physics benchmark set.</summary>
    public required IEvaluationSuite Suite { get; init; }

    /// <summary>The configurations, with unique names.</summary>
    public required IReadOnlyList<EvaluationConfiguration> Configurations { get; init; }

    /// <summary>The output folder (results.jsonl, reports, workspaces).</summary>
    public required string OutDir { get; init; }

    /// <summary>Attempts per task and configuration.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Runs at once; the judgements of ended runs are bounded apart, by <see cref="JudgesAtOnce"/>.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>
    /// Judgements at once (each runs hidden tests or a physics evaluation); null for the lesser of <see cref="Parallel"/> and
    /// this machine's cores. A run mostly waits for its model, a judgement computes: more judgements at once than there are
    /// cores only makes each one slower (and a slow test nearer its timeout), and takes the CPU the next runs need to start.
    /// </summary>
    public int? Judges { get; init; }

    /// <summary>The judgements at once this plan allows.</summary>
    public int JudgesAtOnce => Judges ?? Math.Min(Parallel, Environment.ProcessorCount);

    /// <summary>Comma-separated globs over task ids (<c>*</c> matches any run of characters); null for every task.</summary>
    public string? TaskGlob { get; init; }

    /// <summary>Continue the evaluation in <see cref="OutDir"/>: keep its finished attempts, run the others.</summary>
    public bool Resume { get; init; }
}
