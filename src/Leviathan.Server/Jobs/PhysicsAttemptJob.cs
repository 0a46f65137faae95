using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Teams;
using Leviathan.Engineering.Tools;
using Leviathan.Persistence.Tracing;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;

namespace Leviathan.Server.Jobs;

/// <summary>
/// A queued physics attempt, made into the shared <see cref="PhysicsAttempt"/> (the same team <c>bench attempt</c> and the
/// evaluation harness run over the one agent loop), and what happens once its run has ended: the orchestrator judges the
/// final solution from every start, draws it, and keeps <c>evaluation.json</c> and the renders as the run's artifacts.
/// </summary>
internal static class PhysicsAttemptJob
{
    /// <summary>The attempt over the server's copy of the benchmark; the solution folder is created when missing (kept as it is on resume).</summary>
    /// <exception cref="Leviathan.Tools.Sandbox.SandboxUnavailableException">OpenSCAD's sandbox is not available.</exception>
    /// <exception cref="SpecException">The benchmark copy is no longer valid.</exception>
    public static PhysicsAttempt Prepare(PhysicsAttemptPayload payload, RunLaunchDefaults defaults, SimulationClient simulation, TimeProvider time)
    {
        var analyzer = defaults.CreateAnalyzer();
        var renderer = new SceneRenderer(simulation, new SceneRendererOptions { SearchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty });
        var workbench = new PhysicsWorkbench(payload.Benchmark, analyzer, simulation, time, new EvaluationOptions { Samples = payload.Samples })
        {
            Filmstrip = new SolutionFilmstrip(analyzer, renderer),
        };
        return PhysicsAttempt.Prepare(workbench, payload.Solution);
    }

    /// <summary>Judges and draws the final solution and stores both with the run; returns the verdict in one line.</summary>
    public static async Task<string> JudgeAsync(PhysicsAttempt attempt, TraceStore store, Guid runId, CancellationToken cancellationToken)
    {
        PhysicsJudgement judgement;
        try
        {
            judgement = await attempt.JudgeAsync(cancellationToken);
        }
        catch (SimulationException ex)
        {
            return $"final evaluation not made: MuJoCo's workers cannot run: {ex.Message}";
        }

        var renders = await attempt.RenderAsync(judgement, cancellationToken);
        if (judgement.Report is { } report)
        {
            // Written from the judgement itself: the file in the (untrusted) solution folder is not read back.
            var json = JsonSerializer.SerializeToUtf8Bytes(report, EngineeringJsonContext.Default.EvaluationReport);
            await store.AddArtifactAsync(runId, new MemoryStream(json), "application/json", SolutionVerifier.ReportFile, cancellationToken: cancellationToken);
        }

        foreach (var file in renders.Files)
        {
            var info = new FileInfo(Path.Combine(attempt.Folder, file));
            if (!info.Exists || info.LinkTarget is not null || info.Directory?.LinkTarget is not null)
            {
                continue;
            }

            await using var content = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
            await store.AddArtifactAsync(runId, content, "image/png", file, cancellationToken: cancellationToken);
        }

        return $"final evaluation {(judgement.Success ? "SOLVED" : "NOT SOLVED")}: {judgement.Summary}";
    }

    /// <summary>The step limit of the payload as a budget.</summary>
    public static RunBudget Budget(PhysicsAttemptPayload payload) => payload.MaxSteps is { } steps ? new RunBudget(MaxSteps: steps) : RunBudget.Unlimited;
}
