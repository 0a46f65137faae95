namespace Leviathan.Server.Jobs;

/// <summary>The kinds of job the service runs.</summary>
internal static class JobKinds
{
    public const string SoftwareRun = "software_run";

    /// <summary>The physics team's attempt at one benchmark (<c>POST /v1/physics/attempts</c>).</summary>
    public const string PhysicsAttempt = "physics_attempt";

    /// <summary>Generated benchmarks, each proven solvable (<c>POST /v1/physics/generations</c>).</summary>
    public const string BenchmarkGeneration = "benchmark_generation";

    /// <summary>An evaluation of a task pack: every task × configuration × repeat run and judged (<c>POST /v1/evaluations</c>).</summary>
    public const string Evaluation = "evaluation";

    /// <summary>A backup of the store to S3 (<c>POST /v1/admin/backups</c> with <c>Prefer: respond-async</c>).</summary>
    public const string Backup = "backup";

    /// <summary>Whether jobs of this kind launch a run (and so have a run id, and are resumed from its trace).</summary>
    public static bool LaunchesRun(string kind) => kind is SoftwareRun or PhysicsAttempt;
}
