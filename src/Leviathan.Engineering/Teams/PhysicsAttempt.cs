using System.Globalization;
using System.Text.Json;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Tools;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Engineering.Teams;

/// <summary>
/// One attempt of the physics team at one benchmark, as every caller launches it (<c>bench attempt</c>, the evaluation
/// harness): the solution folder gets the read-only benchmark copy, the team and its goal are made from the workbench, and
/// when the run has ended the final solution is judged again by the orchestrator (never the run's word) with
/// <see cref="JudgeAsync(CancellationToken)"/>.
/// </summary>
public sealed class PhysicsAttempt
{
    private PhysicsAttempt(PhysicsWorkbench workbench, string folder)
    {
        Workbench = workbench;
        Folder = folder;
        Team = PhysicsTeam.Create(workbench);
    }

    /// <summary>The benchmark, CAD pipeline and simulation of the attempt.</summary>
    public PhysicsWorkbench Workbench { get; }

    /// <summary>The absolute solution folder (the run's workspace).</summary>
    public string Folder { get; }

    /// <summary>The physics team over the workbench.</summary>
    public TeamDefinition Team { get; }

    /// <summary>The goal the team is given.</summary>
    public string Goal => $"Solve the physics benchmark '{Workbench.Benchmark.Id}': {Workbench.Benchmark.Description} Put solution.json and its .scad parts in the solution folder.";

    /// <summary>How the run is verified, in one line for headers.</summary>
    public string VerifyDescription => string.Create(
        CultureInfo.InvariantCulture,
        $"bench evaluate {Path.GetFileName(Workbench.BenchmarkPath)} (all checks; {Workbench.Evaluation.Samples} jitter samples, the nominal start and the jitter corners must all pass)");

    /// <summary>Creates the solution folder (when missing) and copies the benchmark into it for the agents to read.</summary>
    /// <param name="workbench">The workbench of the benchmark.</param>
    /// <param name="folder">The solution folder.</param>
    public static PhysicsAttempt Prepare(PhysicsWorkbench workbench, string folder)
    {
        ArgumentNullException.ThrowIfNull(workbench);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        workbench.CopyBenchmarkInto(full);
        return new PhysicsAttempt(workbench, full);
    }

    /// <summary>The run's options: the goal in the solution folder under a budget.</summary>
    public TeamOptions Options(RunBudget budget) => new() { Goal = Goal, Workspace = Folder, Budget = budget };

    /// <summary>Judges the solution folder as it is now: every check and every start, and writes <c>evaluation.json</c> beside it.</summary>
    public Task<PhysicsJudgement> JudgeAsync(CancellationToken cancellationToken) => JudgeAsync(Workbench, Folder, cancellationToken);

    /// <summary>
    /// Draws the judged solution in its environment: the CAD views (iso, top, front, side) and, with the workbench's
    /// <see cref="PhysicsWorkbench.Filmstrip"/>, the filmstrip of the nominal start, all under <c>renders/</c>. A solution
    /// that could not be evaluated draws nothing. A picture that cannot be drawn is named in the summary, never an exception.
    /// </summary>
    public async Task<PhysicsRenders> RenderAsync(PhysicsJudgement judgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        if (judgement.Report is null)
        {
            return new PhysicsRenders([], "nothing drawn: the solution could not be evaluated");
        }

        var files = new List<string>();
        var render = await new ToolSet([new CadRenderTool(Workbench, attachImages: false)]).InvokeAsync(
            new ToolCall(CadRenderTool.ToolName, """{"views": ["iso", "top", "front", "side"], "with_environment": true}"""),
            new ToolContext(new WorkspaceRoot(Folder)) { Time = Workbench.Time },
            cancellationToken).ConfigureAwait(false);
        string summary;
        if (render.IsError)
        {
            summary = "not drawn: " + render.Text;
        }
        else
        {
            files.AddRange(render.Artifacts.Select(a => a.Path));
            summary = string.Join(", ", render.Artifacts.Select(a => a.Path));
        }

        if (Workbench.Filmstrip is not { } filmstrip)
        {
            return new PhysicsRenders(files, summary + "; filmstrip not drawn: no renderer");
        }

        var strip = await filmstrip.RenderAsync(
            new FilmstripRequest
            {
                Benchmark = Workbench.Benchmark,
                BenchmarkDirectory = Workbench.BenchmarkDirectory,
                Solution = judgement.Solution,
                SolutionDirectory = Folder,
                OutputDirectory = Path.Combine(Folder, PhysicsWorkbench.RendersFolder),
                FilePrefix = "filmstrip",
            },
            cancellationToken).ConfigureAwait(false);
        if (strip.Error is { } stripError)
        {
            return new PhysicsRenders(files, summary + "; filmstrip not drawn: " + stripError);
        }

        var frames = strip.Frames.Select(f => $"{PhysicsWorkbench.RendersFolder}/{Path.GetFileName(f.Path)}").ToList();
        files.AddRange(frames);
        return new PhysicsRenders(files, summary + "; filmstrip " + string.Join(", ", frames));
    }

    /// <summary>
    /// Judges a solution folder against the workbench's benchmark with <c>bench evaluate</c>'s default starts (the
    /// workbench's samples, the nominal start and the jitter corners) and writes <c>evaluation.json</c> when it could be
    /// evaluated. A folder with no usable solution is a judgement too (not solved, with the reason).
    /// </summary>
    /// <exception cref="Simulation.SimulationException">MuJoCo could not run (an infrastructure fault, not the solution's).</exception>
    public static async Task<PhysicsJudgement> JudgeAsync(PhysicsWorkbench workbench, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workbench);
        try
        {
            var (solution, report) = await workbench.EvaluateAsync(new WorkspaceRoot(folder), simulate: true, samples: null, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport);
            await File.WriteAllTextAsync(Path.Combine(folder, SolutionVerifier.ReportFile), json + "\n", cancellationToken).ConfigureAwait(false);
            return new PhysicsJudgement(solution, report, null);
        }
        catch (ToolRefusedException ex)
        {
            return new PhysicsJudgement(null, null, ex.Message);
        }
    }
}
