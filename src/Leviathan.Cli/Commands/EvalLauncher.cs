using Leviathan.Agents.Launching;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Running;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary>
/// The attempt launcher of <c>eval run</c>: <see cref="EvaluationSetup.CreateLauncher"/> with this command line's
/// configuration (model catalog, sandbox, policy, run limits).
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
        RunLimits.Validate(context.Config);
        var fallback = RunLimits.Resolve(context.Config, RunLauncher.ProfileNameOf(template), RunBudget.Unlimited, RunLimits.BuiltIn, "default").Budget;
        try
        {
            return EvaluationSetup.CreateLauncher(
                new RunLaunchOptions { Home = context.Home, Store = store, Time = context.Time, Environment = ModelsCommands.EnvironmentOf(context) },
                template,
                fallback,
                configurations,
                physics);
        }
        catch (EvaluationSetupException ex)
        {
            throw CliException.Usage(ex.Message, ex.Hint);
        }
    }
}
