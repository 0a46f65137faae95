using System.Globalization;
using System.Text.Json;
using Leviathan.Agents.Launching;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Reports;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Evaluations;

/// <summary>
/// Runs an evaluation job with the harness's <see cref="EvaluationRunner"/>, set up as <c>leviathan eval run</c> sets it up
/// (<see cref="EvaluationSetup"/>), into the job's folder <c>evaluations/JOB/</c> under the first of
/// <c>serve.workspace_roots</c> (results.jsonl, evaluation.json, report.md, report.html, plots/ and each attempt's
/// workspace; runs may not work inside the server's home, and uploaded workspaces live beside it). Each team attempt is an
/// ordinary run of the server's store, tagged with the evaluation. A job whose server stopped continues in its next attempt
/// as <c>eval run --resume</c> does: finished attempts are kept, the others run again. The job's result is the summary.
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

    /// <summary>The configurations a payload names, loaded from their files; the server's own as 'default' when it names none.</summary>
    /// <exception cref="SuiteFormatException">A configuration file is missing or does not follow the format.</exception>
    public static IReadOnlyList<EvaluationConfiguration> Configurations(EvaluationPayload payload) =>
        payload.Configurations is { } named ? [.. named.Select(c => ConfigurationLoader.Load(c.Name, c.File))] : [EvaluationConfiguration.Default];

    /// <summary>The template of every team run of the server: its catalog and sandbox.</summary>
    public static RunRequest Template(RunLaunchDefaults defaults) => new()
    {
        Options = new Agents.Team.TeamOptions { Goal = "(per task)", Workspace = defaults.Home },
        Catalog = defaults.Catalog,
        Sandbox = defaults.Sandbox,
    };

    public static async Task<JobEnd> RunAsync(
        JobRecord job,
        EvaluationPayload payload,
        TraceStore store,
        RunLaunchDefaults defaults,
        ServerOptions options,
        SimulationClient simulation,
        EvaluationProgressBoard board,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (FolderFor(options, job.Id) is not { } folder)
        {
            return ("error", "this server allows no workspaces (serve.workspace_roots is empty), and an evaluation's runs work under the first of them");
        }

        IEvaluationSuite suite;
        IReadOnlyList<EvaluationConfiguration> configurations;
        try
        {
            suite = EvaluationSetup.LoadSuite(payload.Suite);
            configurations = Configurations(payload);
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException or UnauthorizedAccessException)
        {
            return ("error", $"the suite or a configuration no longer loads: {ex.Message}");
        }

        PhysicsServices? physics = null;
        try
        {
            _ = SandboxFactory.Create(defaults.Sandbox with { HiddenPaths = suite.PathsHiddenFromAgents });
            if (suite is PhysicsSet)
            {
                physics = new PhysicsServices
                {
                    Analyzer = defaults.CreateAnalyzer(),
                    Simulation = simulation,
                    Samples = payload.Samples ?? Engineering.Evaluation.EvaluationOptions.DefaultSamples,
                    ScreeningCache = EvaluationSetup.ScreeningCache(defaults.Home),
                };
            }
        }
        catch (SandboxUnavailableException ex)
        {
            return ("error", $"the sandbox the runs and the judge use is not available: {ex.Message}");
        }

        TeamAttemptLauncher launcher;
        try
        {
            launcher = EvaluationSetup.CreateLauncher(
                new RunLaunchOptions { Home = defaults.Home, Store = store, Time = time }, Template(defaults), RunBudget.Unlimited, configurations, physics is not null);
        }
        catch (EvaluationSetupException ex)
        {
            return ("error", $"{ex.Message}; {ex.Hint}");
        }

        var judgeSandboxes = new JudgeSandboxes(defaults.Sandbox);
        var runner = new EvaluationRunner(new EvaluationDependencies
        {
            Launcher = launcher,
            Physics = physics,
            JudgeRunner = judgeSandboxes.Runner,
            Store = new EvaluationStore(store, time),
            Time = time,
            Progress = progress => board.Report(job.Id, progress),
        });
        var plan = new EvaluationPlan
        {
            Suite = suite,
            Configurations = configurations,
            OutDir = folder,
            Parallel = payload.Parallel,
            Judges = payload.Judges,
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
        catch (SimulationException ex)
        {
            return ("error", $"MuJoCo's workers cannot run: {ex.Message}");
        }
        finally
        {
            board.Remove(job.Id);
        }

        // The reports and the summary, as eval run writes and prints them (also for a cancelled evaluation: what finished).
        EvaluationSummary summary;
        try
        {
            summary = ReportWriter.Write(folder);
        }
        catch (IOException ex)
        {
            return ("error", $"the evaluation ran, but its reports could not be written into {folder}: {ex.Message}");
        }

        var result = JsonSerializer.Serialize(EvaluationSummaryJson.From(summary, outcome.EvaluationId, folder), ServerJsonContext.Default.EvaluationSummaryJson);
        if (outcome.Cancelled)
        {
            return new JobEnd(JobStore.CancelledOutcome, $"cancelled after {outcome.Results.Count(r => FailureCategory.IsFinished(r.FailureCategory))} finished attempt(s)", result);
        }

        var resolved = outcome.Results.Count(r => r.Succeeded);
        var infrastructure = outcome.Results.Count(r => r.FailureCategory == FailureCategory.Infrastructure);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"evaluation {outcome.EvaluationId}: {resolved} of {outcome.Results.Count} attempt(s) resolved, {infrastructure} infrastructure failure(s); {outcome.Started} started, {outcome.Kept} kept from an interrupted attempt");
        return new JobEnd(infrastructure > 0 ? Failed : Succeeded, reason, result);
    }
}
