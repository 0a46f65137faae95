using System.Globalization;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// The first line of <see cref="GenerationJournal"/>: every setting a candidate's outcome or the result depends on, as
/// text, so that a resume with other settings is refused naming each difference (the worker count is not among them:
/// it does not change the result).
/// </summary>
public sealed record GenerationJournalHeader
{
    /// <summary>The journal format this code writes.</summary>
    public const int CurrentVersion = 1;

    public required int Version { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The header of a generation run with <paramref name="options"/>.</summary>
    public static GenerationJournalHeader For(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var solver = options.Solver;
        var verification = options.Verification;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["seed"] = Text(options.Seed),
                ["count"] = Text(options.Count),
                ["families"] = string.Join(",", options.Families.Select(f => f.Name)),
                ["level"] = options.Level is { } level ? Text(level) : options.Levels is { } levels ? string.Join(",", levels.Select(l => Text(l))) : "any",
                ["max_candidates"] = Text(options.CandidateLimit),
                ["solver_candidates"] = Text(solver.MaxCandidates),
                ["solver_stall_limit"] = options.SolverStallLimit is { } stall ? Text(stall) : "none",
                ["solver_budget_s"] = Text(solver.Budget.TotalSeconds),
                ["solver_screening_group_size"] = Text(solver.ScreeningGroupSize),
                ["solver_batch_size"] = Text(solver.BatchSize),
                ["solver_random_share"] = Text(solver.RandomShare),
                ["solver_max_full_evaluations"] = Text(solver.MaxFullEvaluations),
                ["solver_goal_margin"] = Text(solver.GoalMargin),
                ["solver_hinged_ramps"] = solver.HingedRamps ? "true" : "false",
                ["triviality_samples"] = Text(verification.TrivialitySamples),
                ["triviality_extremes"] = verification.TrivialityExtremes ? "true" : "false",
                ["solution_samples"] = Text(verification.SolutionSamples),
                ["validation_frames"] = Text(verification.ValidationFrames),
            };

        // Only when asked for, so that the journals and indexes of generations without it read as they were written.
        if (options.PerFamily is { } perFamily)
        {
            settings["per_family"] = Text(perFamily);
        }

        return new GenerationJournalHeader { Version = CurrentVersion, Settings = settings };
    }

    /// <summary>Each setting that differs between this (the interrupted run's) header and <paramref name="now"/>, as "name: then, now".</summary>
    public IReadOnlyList<string> Differences(GenerationJournalHeader now)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (Version != now.Version)
        {
            return [$"journal format {Version}, this version writes {now.Version}"];
        }

        return Settings.Keys.Union(now.Settings.Keys, StringComparer.Ordinal)
            .Where(key => Settings.GetValueOrDefault(key) != now.Settings.GetValueOrDefault(key))
            .Select(key => $"{key}: {Settings.GetValueOrDefault(key) ?? "unset"} in the interrupted run, {now.Settings.GetValueOrDefault(key) ?? "unset"} now")
            .ToList();
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
