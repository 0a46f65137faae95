using System.Globalization;
using Leviathan.Agents.Launching;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Evaluations;

/// <summary>
/// Runs an evaluation job with the harness's <see cref="EvaluationRunner"/>, as <c>leviathan eval run</c> does, into the
/// job's folder <c>evaluations/JOB/</c> under the first of <c>serve.workspace_roots</c> (results.jsonl, evaluation.json and
/// each attempt's workspace; runs may not work inside the server's home, and uploaded workspaces live beside it). Each attempt is an ordinary run of the server's store, tagged with the evaluation. A job whose server
/// stopped continues in its next attempt as <c>eval run --resume</c> does: finished attempts are kept, the others run again.
/// </summary>
internal static class EvaluationJob
{
    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    public const string HomeFolder = "evaluations";

    /// <summary>Where every evaluation's folder is: <c>evaluations/</c> under the first workspace root (null when the server allows none).</summary>
    public static string? Area(ServerOptions options) =>
        options.WorkspaceRoots.Count == 0 ? null : Path.Combine(Path.GetFullPath(options.WorkspaceRoots[0]), HomeFolder);

    /// <summary>The job's output folder (never a path a request names); null when the server allows no workspace roots.</summary>
    public static string? FolderFor(ServerOptions options, Guid jobId) => Area(options) is { } area ? Path.Combine(area, jobId.ToString()) : null;

    public static async Task<(string Outcome, string? Reason)> RunAsync(
        JobRecord job, EvaluationPayload payload, TraceStore store, RunLaunchDefaults defaults, ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (FolderFor(options, job.Id) is not { } folder)
        {
            return ("error", "this server allows no workspaces (serve.workspace_roots is empty), and an evaluation's runs work under the first of them");
        }

        SoftwareSuite suite;
        try
        {
            suite = SuiteLoader.Load(payload.Suite);
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException or UnauthorizedAccessException)
        {
            return ("error", $"the suite {payload.Suite} no longer loads: {ex.Message}");
        }

        try
        {
            _ = SandboxFactory.Create(defaults.Sandbox with { HiddenPaths = suite.PathsHiddenFromAgents });
        }
        catch (SandboxUnavailableException ex)
        {
            return ("error", $"the sandbox the runs and the judge use is not available: {ex.Message}");
        }

        var configurations = new[] { EvaluationConfiguration.Default };
        var template = new RunRequest
        {
            Options = new Agents.Team.TeamOptions { Goal = "(per task)", Workspace = defaults.Home },
            Catalog = defaults.Catalog,
            Sandbox = defaults.Sandbox,
        };
        var launcher = new TeamAttemptLauncher(new RunLauncher(new RunLaunchOptions { Home = defaults.Home, Store = store, Time = time }), template, RunBudget.Unlimited);
        try
        {
            launcher.Check(configurations[0]);
        }
        catch (InvalidOperationException ex)
        {
            return ("error", ex.Message);
        }

        var judgeSandboxes = new JudgeSandboxes(defaults.Sandbox);
        var runner = new EvaluationRunner(new EvaluationDependencies
        {
            Launcher = launcher,
            JudgeRunner = judgeSandboxes.Runner,
            Store = new EvaluationStore(store, time),
            Time = time,
        });
        var plan = new EvaluationPlan
        {
            Suite = suite,
            Configurations = configurations,
            OutDir = folder,
            Parallel = payload.Parallel,
            Repeats = payload.Repeat,
            TaskGlob = payload.Tasks,

            // An earlier attempt's server stopped: keep what it finished, run the others.
            Resume = job.Attempts > 1 && File.Exists(Path.Combine(folder, ResultsFile.ManifestName)),
        };

        EvaluationOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(plan, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            return ("error", ex.Message);
        }
        catch (RunLaunchException ex)
        {
            return ("error", ex.Hint is null ? ex.Message : $"{ex.Message}; {ex.Hint}");
        }

        if (outcome.Cancelled)
        {
            return (JobStore.CancelledOutcome, $"cancelled after {outcome.Results.Count(r => FailureCategory.IsFinished(r.FailureCategory))} finished attempt(s)");
        }

        var resolved = outcome.Results.Count(r => r.Succeeded);
        var infrastructure = outcome.Results.Count(r => r.FailureCategory == FailureCategory.Infrastructure);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"evaluation {outcome.EvaluationId}: {resolved} of {outcome.Results.Count} attempt(s) resolved, {infrastructure} infrastructure failure(s); {outcome.Started} started, {outcome.Kept} kept from an interrupted attempt");
        return infrastructure > 0 ? (Failed, summary) : (Succeeded, summary);
    }
}
