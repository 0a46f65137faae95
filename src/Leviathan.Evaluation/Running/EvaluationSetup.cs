using Leviathan.Agents.Launching;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Suites;
using Leviathan.Models.Profiles;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// What every caller of the harness sets up the same way before <see cref="EvaluationRunner.RunAsync"/> (<c>leviathan eval
/// run</c> and the service's evaluation job): the suite from its folder, the attempt launcher checked against every
/// configuration before anything runs, and where the baseline solver keeps its meshes.
/// </summary>
public static class EvaluationSetup
{
    private const string JitProfileName = "eval-run.jitprofile";

    /// <summary>Loads a task pack (suite.yaml) or a physics set (index.json) from its folder.</summary>
    /// <exception cref="SuiteFormatException">The folder is neither, or the suite in it does not follow its format.</exception>
    public static IEvaluationSuite LoadSuite(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (PhysicsSetLoader.IsPhysicsSet(folder))
        {
            return PhysicsSetLoader.Load(folder);
        }

        if (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, SuiteLoader.SuiteFile)))
        {
            throw new SuiteFormatException(
                folder,
                null,
                $"is neither a task pack (it has no {SuiteLoader.SuiteFile}) nor a physics set (it has no index.json)",
                "give a task pack folder (docs/evaluation.md) or a folder written by 'leviathan bench generate'");
        }

        return SuiteLoader.Load(folder);
    }

    /// <summary>
    /// The harness's launcher over the one run launcher: every run from <paramref name="template"/> (catalog, sandbox,
    /// policy), limited by <paramref name="fallback"/> where neither the task nor the configuration limits it. Every role
    /// must reach a model profile and every configuration must be one this launcher can honour, before the first run (the
    /// configurations are checked first, so a host without a model still hears what is wrong with a configuration).
    /// </summary>
    /// <exception cref="EvaluationSetupException">No model is configured, or a configuration names what does not exist.</exception>
    public static TeamAttemptLauncher CreateLauncher(
        RunLaunchOptions launchOptions, RunRequest template, RunBudget fallback, IReadOnlyList<EvaluationConfiguration> configurations, bool physics)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(configurations);
        var launcher = new TeamAttemptLauncher(new RunLauncher(launchOptions), template, fallback);
        for (var i = 0; i < configurations.Count; i++)
        {
            try
            {
                launcher.Check(configurations[i], physics);
            }
            catch (InvalidOperationException ex)
            {
                throw new EvaluationSetupException(ex.Message, "fix the configuration file (docs/evaluation.md lists its keys)", i, ex);
            }
        }

        const string ModelHint = "configure a model endpoint (README: 'leviathan run'), or give each configuration a 'profile'";
        if (configurations.Any(c => c.Solver == "team" && c.Profile is null && c.Routes.Count == 0))
        {
            if (template.Catalog is not { } catalog)
            {
                throw new EvaluationSetupException("no model profile is configured, and the team's runs need one", ModelHint, null);
            }

            try
            {
                _ = catalog.ForRole("engineer");
            }
            catch (ModelConfigurationException ex)
            {
                throw new EvaluationSetupException(ex.Message, ModelHint, null, ex);
            }
        }

        return launcher;
    }

    /// <summary>Where the baseline solver keeps its screening meshes under a Leviathan home.</summary>
    public static string ScreeningCache(string home) => Path.Combine(home, "cache", "solver");

    /// <summary>The file where <see cref="StartJitProfile"/> keeps an evaluation process's compiled methods.</summary>
    public static string JitProfile(string home) => Path.Combine(JitProfileFolder(home), JitProfileName);

    /// <summary>
    /// Starts the runtime's multi-core JIT for this process (<see cref="System.Runtime.ProfileOptimization"/>): the methods
    /// the process compiles are written to <see cref="JitProfile"/> when it ends, and the next evaluation compiles them on a
    /// spare core from its start, before its first runs reach them. In a fresh process the first runs all enter code that
    /// is not compiled yet at once, and wait for it together. Call it once, early, in a process that runs an evaluation.
    /// Returns whether a profile from an earlier evaluation is being played; a home that cannot hold the profile leaves
    /// the runtime as it is (the evaluation runs the same, only its start is slower).
    /// </summary>
    public static bool StartJitProfile(string home)
    {
        var folder = JitProfileFolder(home);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var played = File.Exists(JitProfile(home));
        System.Runtime.ProfileOptimization.SetProfileRoot(folder);
        System.Runtime.ProfileOptimization.StartProfile(JitProfileName);
        return played;
    }

    private static string JitProfileFolder(string home) => Path.Combine(home, "cache", "jit");
}
