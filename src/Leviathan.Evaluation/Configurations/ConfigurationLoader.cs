using System.Text.RegularExpressions;
using Leviathan.Evaluation.Suites;

namespace Leviathan.Evaluation.Configurations;

/// <summary>Reads evaluation configurations (<c>--config NAME=FILE</c>) strictly: unknown keys and bad values are errors that say what to write.</summary>
public static partial class ConfigurationLoader
{
    private static readonly string[] Keys = ["profile", "routes", "prompts", "budget", "time_limit_minutes", "max_steps", "sandbox", "solver", "baseline", "switches"];
    private static readonly string[] BaselineKeys = ["seed", "max_candidates", "budget_seconds"];
    private static readonly string[] BudgetKeys = ["tokens", "usd", "steps"];
    private static readonly string[] Roles = ["planner", "engineer", "critic", "reviewer"];
    private static readonly string[] SandboxKinds = ["bwrap", "bubblewrap", "podman", "none"];
    private static readonly string[] Solvers = ["team", "baseline"];

    /// <summary>Parses <c>NAME=FILE</c> (a relative file from <paramref name="workingDirectory"/>) and loads the file.</summary>
    /// <exception cref="ArgumentException">The argument is not NAME=FILE or the name is not a plain name.</exception>
    /// <exception cref="SuiteFormatException">The file is missing or does not follow the format.</exception>
    public static EvaluationConfiguration Parse(string argument, string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(argument);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == argument.Length - 1)
        {
            throw new ArgumentException($"--config '{argument}' is not NAME=FILE; write for example --config small=configs/small.yaml");
        }

        var name = argument[..equals];
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"--config: the name '{name}' may hold only letters, digits, '.', '_' and '-' (it labels results and file names)");
        }

        return Load(name, Path.GetFullPath(argument[(equals + 1)..], workingDirectory));
    }

    /// <summary>Loads one configuration file under a name.</summary>
    public static EvaluationConfiguration Load(string name, string file)
    {
        if (!File.Exists(file))
        {
            throw new SuiteFormatException(file, null, "no such file", "give the path of a configuration YAML (docs/evaluation.md lists its keys)");
        }

        var map = YamlMap.Load(file, Keys);
        var routes = map.StringMap("routes") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in routes.Keys.Where(r => !Roles.Contains(r, StringComparer.Ordinal)))
        {
            throw map.Error("routes", $"'{role}' is not a role", $"the roles are {string.Join(", ", Roles)}");
        }

        var prompts = map.StringMap("prompts") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in prompts.Keys.Where(r => !Roles.Contains(r, StringComparer.Ordinal)))
        {
            throw map.Error("prompts", $"'{role}' is not a role", $"the roles are {string.Join(", ", Roles)}");
        }

        var budgetMap = map.Map("budget", BudgetKeys);
        var budget = budgetMap is null
            ? TaskBudget.Unlimited
            : new TaskBudget(budgetMap.PositiveInteger("tokens", "200000"), budgetMap.PositiveNumber("usd", "1.5"), budgetMap.PositiveInteger("steps", "40"));
        if (map.PositiveInteger("max_steps", "40") is { } maxSteps)
        {
            if (budget.Steps is not null)
            {
                throw map.Error("max_steps", "the step limit is given twice (max_steps and budget.steps)", "keep one of them");
            }

            budget = budget with { Steps = maxSteps };
        }

        var sandbox = map.String("sandbox");
        if (sandbox is not null && !SandboxKinds.Contains(sandbox, StringComparer.Ordinal))
        {
            throw map.Error("sandbox", $"'{sandbox}' is not a sandbox kind", $"use one of {string.Join(", ", SandboxKinds)}");
        }

        var solver = map.String("solver") ?? "team";
        if (!Solvers.Contains(solver, StringComparer.Ordinal))
        {
            throw map.Error("solver", $"'{solver}' is not a solver", $"use one of {string.Join(", ", Solvers)}");
        }

        var baseline = BaselineSettings.Default;
        if (map.Map("baseline", BaselineKeys) is { } baselineMap)
        {
            if (solver != "baseline")
            {
                throw map.Error("baseline", "is given but the solver is not the baseline", "add 'solver: baseline', or remove the baseline map");
            }

            var seed = baselineMap.PositiveInteger("seed", "1");
            var candidates = baselineMap.PositiveInteger("max_candidates", "200");
            var seconds = baselineMap.PositiveNumber("budget_seconds", "120");
            if (seed > int.MaxValue || candidates > int.MaxValue)
            {
                throw map.Error("baseline", "seed or max_candidates is too large", "use a number below 2147483648");
            }

            baseline = new BaselineSettings(
                (int?)seed ?? baseline.Seed,
                (int?)candidates ?? baseline.MaxCandidates,
                seconds is { } s ? TimeSpan.FromSeconds((double)s) : baseline.Budget);
        }

        var minutes = map.PositiveNumber("time_limit_minutes", "15");
        return new EvaluationConfiguration
        {
            Name = name,
            File = Path.GetFullPath(file),
            Profile = map.String("profile"),
            Routes = routes,
            PromptVersions = prompts,
            Budget = budget,
            TimeLimit = minutes is { } m ? TimeSpan.FromMinutes((double)m) : null,
            Sandbox = sandbox == "bubblewrap" ? "bwrap" : sandbox,
            Solver = solver,
            Baseline = baseline,
            Switches = map.StringMap("switches") ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
