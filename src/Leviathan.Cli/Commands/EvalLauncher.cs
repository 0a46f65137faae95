using Leviathan.Agents.Launching;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Running;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary>
/// The attempt launcher of <c>eval run</c>: the library's <see cref="RunLauncher"/> with this command line's configuration
/// (model catalog, sandbox, policy, run limits), checked against every evaluation configuration before anything runs.
/// </summary>
internal static class EvalLauncher
{
    public static IAttemptLauncher Create(CliContext context, TraceStore store, IReadOnlyList<EvaluationConfiguration> configurations, bool physics = false)
    {
        var template = new RunRequest
        {
            Options = new Agents.Team.TeamOptions { Goal = "(per task)", Workspace = context.Home },
            Catalog = ModelsCommands.LoadCatalog(context),
            Sandbox = SandboxCommands.Options(context),
        };
        try
        {
            // Every role must reach a profile before the first run, not when the first run asks.
            if (configurations.Any(c => c.Solver == "team" && c.Profile is null && c.Routes.Count == 0))
            {
                _ = template.Catalog!.ForRole("engineer");
            }
        }
        catch (Models.Profiles.ModelConfigurationException ex)
        {
            throw CliException.Usage(ex.Message, "configure a model endpoint (README: 'leviathan run'), or give each --config a 'profile'");
        }

        RunLimits.Validate(context.Config);
        var fallback = RunLimits.Resolve(context.Config, RunLauncher.ProfileNameOf(template), RunBudget.Unlimited, RunLimits.BuiltIn, "default").Budget;
        var launcher = new TeamAttemptLauncher(
            new RunLauncher(new RunLaunchOptions { Home = context.Home, Store = store, Time = context.Time, Environment = ModelsCommands.EnvironmentOf(context) }),
            template,
            fallback);
        foreach (var configuration in configurations)
        {
            try
            {
                launcher.Check(configuration, physics);
            }
            catch (InvalidOperationException ex)
            {
                throw CliException.Usage(ex.Message, "fix the configuration file (docs/evaluation.md lists its keys)");
            }
        }

        return launcher;
    }
}
