namespace Leviathan.Evaluation.SweBench;

/// <summary>How SWE-bench instances become a task pack.</summary>
public sealed record SweBenchImportOptions
{
    /// <summary>The instances file (JSON Lines, or a JSON array).</summary>
    public required string InstancesFile { get; init; }

    /// <summary>The folder with local clones: <c>owner__name</c>, <c>owner/name</c> or <c>name</c> under it.</summary>
    public required string ReposDirectory { get; init; }

    /// <summary>The pack folder to write (must not exist or be empty).</summary>
    public required string OutDirectory { get; init; }

    /// <summary>The judge command with <c>{test}</c>.</summary>
    public string JudgeCommand { get; init; } = "python3 -m pytest -q -p no:cacheprovider {test}";

    /// <summary>The command the agents may run to check their work.</summary>
    public string VerifyCommand { get; init; } = "python3 -m pytest -q -p no:cacheprovider";

    /// <summary>The judge's per-test timeout.</summary>
    public int JudgeTimeoutSeconds { get; init; } = 300;
}
