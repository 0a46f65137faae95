using System.CommandLine;
using System.Globalization;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;

namespace Leviathan.Cli.Commands;

/// <summary>The limit options of <c>run</c> and <c>runs resume</c>, their checks, and the <c>--verify</c>/<c>--no-verify</c> choice.</summary>
internal static class RunLimitOptions
{
    /// <summary>The four limit options; their help states the built-in defaults and where to change them.</summary>
    public static (Option<int?> MaxSteps, Option<long?> BudgetTokens, Option<decimal?> BudgetUsd, Option<double?> MaxMinutes) Create() =>
    (
        new Option<int?>("--max-steps") { Description = string.Create(CultureInfo.InvariantCulture, $"At most this many model turns, all roles together (default {RunLimits.DefaultSteps}, or the profile's budget.steps)") },
        new Option<long?>("--budget-tokens") { Description = string.Create(CultureInfo.InvariantCulture, $"At most this many tokens, input + output (default {RunLimits.DefaultTokens}, or the profile's budget.tokens)") },
        new Option<decimal?>("--budget-usd") { Description = string.Create(CultureInfo.InvariantCulture, $"At most this much money in US dollars, by the profiles' prices (default {RunLimits.DefaultUsd:0.00}, or the profile's budget.usd)") },
        new Option<double?>("--max-minutes") { Description = string.Create(CultureInfo.InvariantCulture, $"Wall-clock limit in minutes (default {RunLimits.DefaultMinutes}, or the profile's budget.minutes)") });

    /// <summary>The limits given on the command line (null fields: not given), checked.</summary>
    /// <exception cref="CliException">A limit is out of range.</exception>
    public static RunBudget Given(ParseResult parse, Option<int?> maxSteps, Option<long?> budgetTokens, Option<decimal?> budgetUsd, Option<double?> maxMinutes)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var steps = parse.GetValue(maxSteps);
        if (steps is < 1)
        {
            throw CliException.Usage($"--max-steps must be a whole number of model turns, at least 1, not {steps}");
        }

        if (parse.GetValue(budgetTokens) is < 1 and var tokens)
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--budget-tokens must be a whole number of tokens, at least 1, not {tokens}"));
        }

        if (parse.GetValue(budgetUsd) is { } usd && usd <= 0)
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--budget-usd must be an amount of US dollars greater than 0, not {usd}"));
        }

        if (parse.GetValue(maxMinutes) is { } limit && (!double.IsFinite(limit) || limit <= 0 || limit > TimeSpan.MaxValue.TotalMinutes / 2))
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--max-minutes must be a number of minutes greater than 0, not {limit}"));
        }

        return new RunBudget(
            parse.GetValue(budgetTokens),
            parse.GetValue(budgetUsd),
            steps,
            parse.GetValue(maxMinutes) is { } minutes ? TimeSpan.FromMinutes(minutes) : null);
    }

    /// <summary>A run says how it is verified: a command, or explicitly none.</summary>
    /// <exception cref="CliException">Neither or both were given.</exception>
    public static void CheckVerifyChoice(string? verify, bool noVerify)
    {
        if (verify is not null && noVerify)
        {
            throw CliException.Usage("--verify and --no-verify cannot be used together", "give the command that proves the work with --verify, or --no-verify to let the critic alone judge it");
        }

        if (verify is null && !noVerify)
        {
            throw CliException.Usage(
                "say how the work is verified: --verify \"CMD\" (e.g. --verify \"pytest -q\") or --no-verify",
                "with --no-verify nothing is run to prove the change; a success is reported as 'not verified: accepted by the critic'");
        }

        if (verify is not null && string.IsNullOrWhiteSpace(verify))
        {
            throw CliException.Usage("--verify is empty", "give the command that proves the work, e.g. --verify \"pytest -q\", or --no-verify");
        }
    }
}
