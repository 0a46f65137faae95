namespace Leviathan.Evaluation.Suites;

/// <summary>A software task pack: a folder with <c>suite.yaml</c> and one folder per task.</summary>
public sealed record SoftwareSuite : IEvaluationSuite
{
    /// <summary>The suite's id.</summary>
    public required string Id { get; init; }

    /// <summary>A short title.</summary>
    public required string Title { get; init; }

    /// <summary>What the suite measures; empty when not given.</summary>
    public required string Description { get; init; }

    /// <summary>The absolute folder of the pack.</summary>
    public required string Directory { get; init; }

    /// <summary>The tasks, ordered by folder name.</summary>
    public required IReadOnlyList<SoftwareTask> Tasks { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<string> TaskIds => [.. Tasks.Select(t => t.Id)];

    /// <summary>
    /// What sandboxed attempts must not see: the pack itself (hidden tests, reference fixes) and the repositories
    /// git tasks start from (their later commits may hold the fix). The sandbox mounts the host's file system
    /// read-only, so these are readable unless hidden: add them to <c>SandboxOptions.HiddenPaths</c> for every attempt.
    /// </summary>
    public IReadOnlyList<string> PathsHiddenFromAgents =>
        [Directory, .. Tasks.Select(t => t.Git?.Repository).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The task with an id; null when there is none.</summary>
    public SoftwareTask? Find(string id) => Tasks.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
}
