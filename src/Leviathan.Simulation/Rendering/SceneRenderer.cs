using System.Diagnostics;
using Leviathan.Simulation.Validation;
using Leviathan.Simulation.Workers;

namespace Leviathan.Simulation.Rendering;

/// <summary>
/// Draws MJCF scenes with MuJoCo's own renderer, offscreen, into PNG files (and an MP4 when asked): the model is
/// simulated with the request's controls and drawn at the frame times. Rendering runs in the same worker processes
/// as simulation, so a fatal native error costs a worker, never the caller. Scenes without lights get a headlight
/// and a sun; the background is a light sky; translucent sites (zones) stay visible.
/// </summary>
/// <param name="simulation">The client whose workers render.</param>
/// <param name="options">Where ffmpeg is; default: on the PATH.</param>
public sealed class SceneRenderer(SimulationClient simulation, SceneRendererOptions? options = null)
{
    private readonly SceneRendererOptions _options = options ?? new SceneRendererOptions();

    /// <summary>Renders the request's frames. Problems with the model are in the result; infrastructure faults throw.</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="SimulationException">Rendering is not possible here (no OpenGL, no ffmpeg for a video), or a worker failed or timed out.</exception>
    public async Task<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Check();
        SimulationClient.EnsureExists(request.Model);
        var ffmpeg = request.VideoPath is null ? null : VideoEncoder.Locate(_options);
        var (findings, key) = ModelPrecheck.Run(request.Model);
        if (findings.Count > 0)
        {
            return new RenderResult { Error = findings[0], Warnings = findings.Skip(1).ToList(), Width = request.Width, Height = request.Height };
        }

        Directory.CreateDirectory(Path.GetFullPath(request.OutputDirectory));
        var times = request.FrameTimes();
        var work = new RenderWork
        {
            Model = request.Model,
            Seconds = request.Seconds,
            Times = times,
            Controls = request.Controls,
            Cameras = request.Cameras,
            Width = request.Width,
            Height = request.Height,
            Files = [.. request.Cameras.Select(c => (IReadOnlyList<string>)[.. times.Select((_, i) => request.FramePath(c, i))])],
        };

        RenderOutcome outcome;
        try
        {
            outcome = await simulation.UseWorkerAsync(
                async worker => SimulationClient.Expect(await worker.SendAsync(
                    new WorkerRequest { Op = WorkerRequest.RenderOp, Render = work, ModelKey = key },
                    request.Timeout ?? simulation.Options.RequestTimeout,
                    cancellationToken)).Render ?? throw new SimulationException("the MuJoCo worker answered 'render' without a result"),
                cancellationToken);
        }
        catch (WorkerCrashedException ex)
        {
            return new RenderResult
            {
                Error = new ModelFinding(FindingCodes.Compile, $"{ex.Message}; MuJoCo cannot render this model"),
                Width = request.Width,
                Height = request.Height,
            };
        }

        if (outcome.Failure is { } failure)
        {
            throw new SimulationException(failure);
        }

        var result = new RenderResult
        {
            Error = outcome.Error,
            Instability = outcome.Instability,
            Frames = outcome.Frames,
            Warnings = outcome.Warnings,
            Width = request.Width,
            Height = request.Height,
            RenderWallSeconds = outcome.RenderWallSeconds,
        };

        if (ffmpeg is null || request.VideoPath is not { } videoPath || outcome.Frames.Count == 0)
        {
            return result;
        }

        var video = Path.GetFullPath(videoPath);
        Directory.CreateDirectory(Path.GetDirectoryName(video)!);
        var fps = Fps(outcome.Frames);
        var pattern = VideoEncoder.EscapePattern(Path.Combine(
            Path.GetFullPath(request.OutputDirectory),
            $"{request.FilePrefix}-{CameraViews.Name(request.Cameras[0])}-")) + "%04d.png";
        var started = Stopwatch.GetTimestamp();
        await VideoEncoder.EncodeAsync(ffmpeg, pattern, outcome.Frames.Count, fps, video, cancellationToken);
        return result with { VideoPath = video, VideoFps = fps, VideoWallSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds };
    }

    /// <summary>Frames per second that play the frames at the simulation's own speed (1 for a still).</summary>
    private static double Fps(IReadOnlyList<RenderedFrame> frames)
    {
        var span = frames[^1].Time - frames[0].Time;
        return frames.Count < 2 || span <= 0 ? 1 : Math.Round((frames.Count - 1) / span, 6);
    }
}
