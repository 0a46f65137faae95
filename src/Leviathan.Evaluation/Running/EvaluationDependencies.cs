using Leviathan.Persistence.Evaluations;
using Leviathan.Tools.Contract;

namespace Leviathan.Evaluation.Running;

/// <summary>What the harness works with.</summary>
public sealed record EvaluationDependencies
{
    /// <summary>Starts each run (the one run launcher, behind the harness's seam).</summary>
    public required IAttemptLauncher Launcher { get; init; }

    /// <summary>
    /// Makes the command runner that judges a finished workspace (a sandbox whose writable place is the workspace and
    /// which hides the given paths); called once per judged attempt.
    /// </summary>
    public required Func<string, IReadOnlyList<string>, ICommandRunner> JudgeRunner { get; init; }

    /// <summary>Where the evaluation is recorded and runs are tagged; null keeps it in the output folder only.</summary>
    public EvaluationStore? Store { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The CAD pipeline and simulation for physics sets; null when only software packs are run.</summary>
    public PhysicsServices? Physics { get; init; }

    /// <summary>Receives progress after each start and end of an attempt; null = silent.</summary>
    public Action<EvaluationProgress>? Progress { get; init; }
}
