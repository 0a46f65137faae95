namespace Leviathan.Evaluation.Suites;

/// <summary>
/// One task of a software task pack, validated, with the suite's defaults applied. Paths are absolute and lie
/// inside the pack (except <see cref="Git"/>'s repository, a local clone anywhere).
/// </summary>
public sealed record SoftwareTask
{
    /// <summary>The task's id, unique in its suite.</summary>
    public required string Id { get; init; }

    /// <summary>A short title; the id when the task gives none.</summary>
    public required string Title { get; init; }

    /// <summary>The goal given to the agents, written as a bug report.</summary>
    public required string Goal { get; init; }

    /// <summary>The shell command the agents may run to check their work (the visible tests).</summary>
    public required string Verify { get; init; }

    /// <summary>A shell command run in the workspace before the agents start; null for none.</summary>
    public string? Setup { get; init; }

    /// <summary>The wall-clock limit of an attempt; null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>What an attempt may spend.</summary>
    public required TaskBudget Budget { get; init; }

    /// <summary>How a finished attempt is judged.</summary>
    public required JudgeSpec Judge { get; init; }

    /// <summary>The task's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>The task's <c>task.yaml</c>.</summary>
    public required string DefinitionFile { get; init; }

    /// <summary>The folder of starting files; null when they come from <see cref="Git"/>.</summary>
    public string? RepoDirectory { get; init; }

    /// <summary>The commit the starting files come from; null when they come from <see cref="RepoDirectory"/>.</summary>
    public GitSource? Git { get; init; }

    /// <summary>The hidden tests, copied into the workspace only after the attempt ends; null for none.</summary>
    public string? HiddenDirectory { get; init; }

    /// <summary>The reference fix as the files that change (copied over the starting files); null for none.</summary>
    public string? ReferenceDirectory { get; init; }

    /// <summary>The reference fix as a unified diff (<c>patch -p1</c>); null for none.</summary>
    public string? ReferencePatch { get; init; }

    /// <summary>Whether the task carries a reference fix.</summary>
    public bool HasReference => ReferenceDirectory is not null || ReferencePatch is not null;
}
