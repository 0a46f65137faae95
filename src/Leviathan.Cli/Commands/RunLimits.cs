using System.Globalization;
using Leviathan.Cli.Configuration;
using Leviathan.Core.Runs;

namespace Leviathan.Cli.Commands;

/// <summary>
/// The limits a run works under and where each comes from: the command line, else the model profile's
/// <c>models.profiles.NAME.budget</c> (<c>tokens</c>, <c>usd</c>, <c>steps</c>, <c>minutes</c>; 0 = no limit), else the
/// built-in defaults below (or, resuming, the limits of the run resumed).
/// </summary>
internal sealed record RunLimits(RunBudget Budget, string Description)
{
    /// <summary>Built-in step limit (model turns of all roles together).</summary>
    public const int DefaultSteps = 50;

    /// <summary>Built-in wall-clock limit in minutes.</summary>
    public const double DefaultMinutes = 30;

    /// <summary>Built-in token limit (input + output).</summary>
    public const long DefaultTokens = 2_000_000;

    /// <summary>Built-in money limit in US dollars, by the profiles' prices.</summary>
    public const decimal DefaultUsd = 5m;

    /// <summary>The settings a profile's <c>budget</c> may hold.</summary>
    public static readonly IReadOnlyList<string> Settings = ["tokens", "usd", "steps", "minutes"];

    /// <summary>The built-in defaults.</summary>
    public static RunBudget BuiltIn { get; } = new(DefaultTokens, DefaultUsd, DefaultSteps, TimeSpan.FromMinutes(DefaultMinutes));

    /// <summary>Resolves every limit by precedence and describes the result for the run header.</summary>
    /// <param name="config">The configuration; null skips profile defaults (resume, replay).</param>
    /// <param name="profile">The profile the run routes to by default.</param>
    /// <param name="given">Limits given on the command line (null fields: not given).</param>
    /// <param name="fallback">What applies when neither gives a limit.</param>
    /// <param name="fallbackSource">How to name <paramref name="fallback"/> in the header.</param>
    public static RunLimits Resolve(LeviathanConfig? config, string? profile, RunBudget given, RunBudget fallback, string fallbackSource)
    {
        var profileBudget = config is null ? null : ProfileBudget(config, profile);
        var parts = new List<string>(4);
        var steps = Pick(given.MaxSteps, profileBudget?.Steps, fallback.MaxSteps, "--max-steps", v => string.Create(CultureInfo.InvariantCulture, $"{v} steps"), "steps");
        var minutes = Pick(given.MaxWallTime?.TotalMinutes, profileBudget?.Minutes, fallback.MaxWallTime?.TotalMinutes, "--max-minutes", v => string.Create(CultureInfo.InvariantCulture, $"{v:0.##} min"), "time");
        var tokens = Pick(given.MaxTokens, profileBudget?.Tokens, fallback.MaxTokens, "--budget-tokens", v => string.Create(CultureInfo.InvariantCulture, $"{v:N0} tokens"), "tokens");
        var usd = Pick(given.MaxCostUsd, profileBudget?.Usd, fallback.MaxCostUsd, "--budget-usd", v => string.Create(CultureInfo.InvariantCulture, $"${v:0.00##}"), "cost");
        var budget = new RunBudget(tokens, usd, steps, minutes is { } m ? TimeSpan.FromMinutes(m) : null);
        return new RunLimits(budget, string.Join(", ", parts));

        T? Pick<T>(T? cli, Limit<T>? configured, T? fallbackValue, string option, Func<T, string> show, string name)
            where T : struct
        {
            if (cli is { } c)
            {
                parts.Add($"{show(c)} ({option})");
                return c;
            }

            if (configured is { } setting)
            {
                parts.Add(setting.Value is { } v ? $"{show(v)} ({setting.Key})" : $"no {name} limit ({setting.Key})");
                return setting.Value;
            }

            parts.Add(fallbackValue is { } f ? $"{show(f)} ({fallbackSource})" : $"no {name} limit ({fallbackSource})");
            return fallbackValue;
        }
    }

    /// <summary>Checks every <c>models.profiles.*.budget.*</c> key: a known setting with a valid value.</summary>
    /// <exception cref="ConfigException">A key or value is not accepted.</exception>
    public static void Validate(LeviathanConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var profile in config.Children("models:profiles"))
        {
            _ = ProfileBudget(config, profile);
        }
    }

    private static ProfileLimits? ProfileBudget(LeviathanConfig config, string? profile)
    {
        if (profile is null)
        {
            return null;
        }

        var prefix = $"models:profiles:{profile}:budget";
        var keys = config.Children(prefix);
        if (keys.Count == 0)
        {
            return null;
        }

        foreach (var key in keys)
        {
            if (!Settings.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var nearest = ConfigKeySuggestion.Nearest(key.ToLowerInvariant(), Settings);
                throw config.Rejected($"{prefix}:{key}", $"unknown budget setting '{key}' (did you mean '{nearest}'?); known: {string.Join(", ", Settings)}");
            }
        }

        return new ProfileLimits(
            Whole(config, $"{prefix}:steps", int.MaxValue, v => (int)v),
            Number(config, $"{prefix}:minutes"),
            Whole(config, $"{prefix}:tokens", long.MaxValue, v => v),
            Number(config, $"{prefix}:usd") is { } usd ? new Limit<decimal>(usd.Key, usd.Value is { } d ? (decimal)d : null) : null);
    }

    private static Limit<T>? Whole<T>(LeviathanConfig config, string key, long max, Func<long, T> convert)
        where T : struct
    {
        if (config.GetString(key) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0 || value > max)
        {
            throw config.Rejected(key, "it must be a whole number, at least 0 (0 = no limit)");
        }

        return new Limit<T>(Dotted(key), value == 0 ? null : convert(value));
    }

    private static Limit<double>? Number(LeviathanConfig config, string key)
    {
        if (config.GetString(key) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || value > 1e9)
        {
            throw config.Rejected(key, "it must be a number, at least 0 (0 = no limit)");
        }

        return new Limit<double>(Dotted(key), value == 0 ? null : value);
    }

    private static string Dotted(string key) => key.Replace(':', '.');

    private sealed record Limit<T>(string Key, T? Value)
        where T : struct;

    private sealed record ProfileLimits(Limit<int>? Steps, Limit<double>? Minutes, Limit<long>? Tokens, Limit<decimal>? Usd);
}
