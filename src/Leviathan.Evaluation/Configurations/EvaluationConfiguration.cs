using Leviathan.Evaluation.Suites;

namespace Leviathan.Evaluation.Configurations;

/// <summary>
/// One configuration an evaluation runs the suite under: what it changes from the current configuration (model profiles
/// and role routes, prompt versions, budgets, step limits, the sandbox kind, the solver, switches of later features).
/// A null or empty value changes nothing.
/// </summary>
public sealed record EvaluationConfiguration
{
    /// <summary>The name that labels this configuration's runs and rows of the report.</summary>
    public required string Name { get; init; }

    /// <summary>The file it was read from; null for the built-in <c>default</c>.</summary>
    public string? File { get; init; }

    /// <summary>The model profile every role uses; null keeps the role routes.</summary>
    public string? Profile { get; init; }

    /// <summary>Role → model profile, over the configured routes.</summary>
    public IReadOnlyDictionary<string, string> Routes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Role → prompt version.</summary>
    public IReadOnlyDictionary<string, string> PromptVersions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Limits over the task's own (each given limit replaces the task's).</summary>
    public TaskBudget Budget { get; init; } = TaskBudget.Unlimited;

    /// <summary>The wall-clock limit of one attempt over the task's; null keeps the task's.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The sandbox kind (<c>bwrap</c>, <c>podman</c>, <c>none</c>); null keeps the configured one.</summary>
    public string? Sandbox { get; init; }

    /// <summary>Who attempts the tasks: <c>team</c> (the agents) or <c>baseline</c> (the physics baseline solver).</summary>
    public string Solver { get; init; } = "team";

    /// <summary>How the baseline solver searches (used when <see cref="Solver"/> is <c>baseline</c>).</summary>
    public BaselineSettings Baseline { get; init; } = BaselineSettings.Default;

    /// <summary>Switches of later features (candidates, skills), passed through to the launcher as given.</summary>
    public IReadOnlyDictionary<string, string> Switches { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The configuration used without <c>--config</c>: the current configuration, unchanged.</summary>
    public static EvaluationConfiguration Default { get; } = new() { Name = "default" };

    /// <summary>One line that says what the configuration changes.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Profile is not null)
        {
            parts.Add($"profile {Profile}");
        }

        parts.AddRange(Routes.Select(r => $"{r.Key}→{r.Value}"));
        parts.AddRange(PromptVersions.Select(p => $"prompt {p.Key}={p.Value}"));
        if (Budget.Tokens is { } tokens)
        {
            parts.Add($"≤{tokens} tokens");
        }

        if (Budget.Usd is { } usd)
        {
            parts.Add(FormattableString.Invariant($"≤${usd}"));
        }

        if (Budget.Steps is { } steps)
        {
            parts.Add($"≤{steps} steps");
        }

        if (TimeLimit is { } limit)
        {
            parts.Add(FormattableString.Invariant($"≤{limit.TotalMinutes:0.#} min"));
        }

        if (Sandbox is not null)
        {
            parts.Add($"sandbox {Sandbox}");
        }

        if (Solver != "team")
        {
            parts.Add(Solver == "baseline"
                ? FormattableString.Invariant($"solver baseline (seed {Baseline.Seed}, ≤{Baseline.MaxCandidates} candidates, ≤{Baseline.Budget.TotalSeconds:0.#} s)")
                : $"solver {Solver}");
        }

        parts.AddRange(Switches.Select(s => $"{s.Key}={s.Value}"));
        return parts.Count == 0 ? "the current configuration" : string.Join(", ", parts);
    }
}
