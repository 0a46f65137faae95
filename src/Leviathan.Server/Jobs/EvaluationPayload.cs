using Leviathan.Server.Evaluations;

namespace Leviathan.Server.Jobs;

/// <summary>
/// What a queued evaluation needs, as stored in the job's payload: the suite's full path, the plan's settings, and the
/// configurations with their files' full paths (null: the server's own as 'default'), the suite's kind as it was
/// when queued (null in payloads queued before kinds were recorded), and the judgements at once asked for (null: the default).
/// </summary>
internal sealed record EvaluationPayload(
    string Suite,
    int Parallel,
    int Repeat,
    string? Tasks,
    IReadOnlyList<EvaluationConfigurationRequest>? Configurations = null,
    int? Samples = null,
    string? SuiteKind = null,
    int? Judges = null)
{
    public const string TaskPack = "task_pack";

    public const string PhysicsSet = "physics_set";
}
