using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Engineering.Rendering;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Engineering.Json;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>simulate {samples?}</c>: the evaluator's checks and simulation, with per start the verdict and a trajectory
/// summary (start and end of the payload, closest approach to the goal and when, first time inside the goal,
/// what it touched and when, motor peaks against their limits, why the start failed).
/// </summary>
public sealed class SimulateTool(PhysicsWorkbench workbench, bool attachImages = false) : Tool<SimulateArguments>(
    ToolName,
    "Simulate the solution in MuJoCo under the benchmark's jittered payload starts, as the final evaluation does. Per start: PASS/FAIL, payload start and end, "
    + "first time in the goal or the closest approach and when, what the payload touched, motor peaks against their limits, and why it failed.")
{
    public const string ToolName = "simulate";

    protected override async Task<ToolResult> HandleAsync(SimulateArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var (solution, report) = await workbench.EvaluateAsync(context.Workspace, simulate: true, arguments.Samples, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(EvaluationText.Samples(report, workbench.Benchmark));
        var artifacts = new List<ToolArtifact>();
        var images = new List<ToolImage>();
        if (workbench.Filmstrip is null)
        {
            text.Append("filmstrip: not drawn (no renderer configured)\n");
        }
        else if (report.Samples.Count > 0)
        {
            await DrawFilmstripAsync(solution, context, text, artifacts, images, cancellationToken).ConfigureAwait(false);
        }

        return ToolResult.Success(text.ToString(), artifacts) with
        {
            Images = images,
            StructuredContent = JsonSerializer.SerializeToNode(report, EngineeringJsonContext.Default.EvaluationReport),
        };
    }

    /// <summary>Frames at the start, 25, 50, 75 % and the end of the first sample's run, stored under renders/.</summary>
    private async Task DrawFilmstripAsync(SolutionSpec solution, ToolContext context, StringBuilder text, List<ToolArtifact> artifacts, List<ToolImage> images, CancellationToken cancellationToken)
    {
        var folder = context.Workspace.ResolveForWrite(PhysicsWorkbench.RendersFolder);
        FilmstripResult strip;
        try
        {
            strip = await workbench.Filmstrip!.RenderAsync(
                new FilmstripRequest
                {
                    Benchmark = workbench.Benchmark,
                    BenchmarkDirectory = workbench.BenchmarkDirectory,
                    Solution = solution,
                    SolutionDirectory = context.Workspace.FullPath,
                    OutputDirectory = folder,
                    FilePrefix = "filmstrip",
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SimulationException ex)
        {
            text.Append("filmstrip: not drawn: ").Append(ex.Message).Append('\n');
            return;
        }

        if (strip.Error is { } error)
        {
            text.Append("filmstrip: not drawn: ").Append(error).Append('\n');
            return;
        }

        foreach (var frame in strip.Frames)
        {
            var relative = $"{PhysicsWorkbench.RendersFolder}/{Path.GetFileName(frame.Path)}";
            artifacts.Add(new ToolArtifact(relative, "image"));
            if (attachImages)
            {
                images.Add(new ToolImage(relative, "image/png", await File.ReadAllBytesAsync(frame.Path, cancellationToken).ConfigureAwait(false)));
            }
        }

        text.Append("filmstrip of sample 0 (iso): ")
            .AppendJoin(", ", strip.Frames.Select(f => string.Create(CultureInfo.InvariantCulture, $"t={f.Time:0.##} s {PhysicsWorkbench.RendersFolder}/{Path.GetFileName(f.Path)}")))
            .Append('\n');
    }
}
