namespace Leviathan.Evaluation.Results;

/// <summary><c>evaluation.json</c> in the output folder: what the evaluation is, so that <c>--resume</c> and the reports know it.</summary>
public sealed record EvaluationManifest
{
    /// <summary>The evaluation id (the runs' tag).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>The suite's id.</summary>
    public required string SuiteId { get; init; }

    /// <summary>The suite folder.</summary>
    public required string SuitePath { get; init; }

    /// <summary>Configurations by name, with what each changes.</summary>
    public required IReadOnlyList<ManifestConfiguration> Configurations { get; init; }

    /// <summary>Attempts per task and configuration.</summary>
    public required int Repeats { get; init; }

    /// <summary>The selected tasks.</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>When the evaluation was first started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Each time the evaluation was resumed, oldest first (empty when it ran in one go; absent in older manifests).</summary>
    public IReadOnlyList<ManifestResume> Resumes { get; init; } = [];
}
