using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Leviathan.Simulation.Native;
using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Rendering;

/// <summary>
/// Runs a render job inside a worker: simulates the model with the job's controls, stops at each frame time and
/// draws the state with MuJoCo's renderer from every camera, writing one PNG per view and time.
/// </summary>
internal static unsafe class FrameRenderer
{
    public static RenderOutcome Render(RenderWork work, string? cacheKey)
    {
        if (GlContext.EnsureCreated() is { } failure)
        {
            return new RenderOutcome { Failure = failure };
        }

        var simulation = new SimulationRequest { Model = work.Model, Seconds = work.Seconds, Controls = work.Controls, Bodies = [], SampleRateHz = 0 };
        using var run = SimulationRun.Open(simulation, cacheKey, out var error);
        if (run is null)
        {
            return new RenderOutcome { Error = error };
        }

        var model = run.Model;
        var lo = stackalloc double[3];
        var hi = stackalloc double[3];
        if (RenderNative.lev_scene_bounds(model.ModelHandle, model.DataHandle, lo, hi) == 0)
        {
            lo[0] = lo[1] = lo[2] = -0.5;
            hi[0] = hi[1] = hi[2] = 0.5;
        }

        var low = new Vec3(lo[0], lo[1], lo[2]);
        var high = new Vec3(hi[0], hi[1], hi[2]);
        var fovy = RenderNative.lev_model_fovy(model.ModelHandle);
        var poses = work.Cameras.Select(c => CameraFraming.Frame(low, high, c, fovy, (double)work.Width / work.Height)).ToArray();

        const int errorSize = 1024;
        var message = stackalloc byte[errorSize];
        message[0] = 0;
        var renderer = RenderNative.lev_renderer_new(model.ModelHandle, work.Width, work.Height, message, errorSize);
        if (renderer == 0)
        {
            return new RenderOutcome { Failure = "MuJoCo's renderer could not start: " + Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(message)) };
        }

        var frames = new List<RenderedFrame>();
        var watch = new Stopwatch();
        try
        {
            var centre = stackalloc double[3];
            var middle = new Vec3((low.X + high.X) / 2, (low.Y + high.Y) / 2, (low.Z + high.Z) / 2);
            centre[0] = middle.X;
            centre[1] = middle.Y;
            centre[2] = middle.Z;
            RenderNative.lev_renderer_sun(renderer, centre, CameraFraming.HalfDiagonal(low, high));
            var rgb = new byte[work.Width * work.Height * 3];
            var lookAt = stackalloc double[3];
            for (var i = 0; i < work.Times.Count; i++)
            {
                var target = Math.Min(run.TotalSteps, (int)Math.Round(work.Times[i] / model.Timestep));
                if (target > run.Step)
                {
                    run.Advance(target - run.Step, null);
                    if (run.Step < target)
                    {
                        break; // diverged or failed: Finish says why
                    }
                }

                model.Kinematics();
                watch.Start();
                for (var c = 0; c < work.Cameras.Count; c++)
                {
                    var pose = poses[c];
                    lookAt[0] = pose.LookAt.X;
                    lookAt[1] = pose.LookAt.Y;
                    lookAt[2] = pose.LookAt.Z;
                    RenderNative.lev_renderer_camera(renderer, lookAt, pose.Distance, pose.Azimuth, pose.Elevation);
                    fixed (byte* pixels = rgb)
                    {
                        RenderNative.lev_renderer_frame(renderer, model.ModelHandle, model.DataHandle, pixels);
                    }

                    var path = work.Files[c][i];
                    PngEncoder.Write(path, rgb, work.Width, work.Height);
                    frames.Add(new RenderedFrame(i, Math.Round(run.Step * model.Timestep, 9), work.Cameras[c], path));
                }

                watch.Stop();
            }
        }
        finally
        {
            RenderNative.lev_renderer_free(renderer);
        }

        var finished = run.Finish();
        return new RenderOutcome
        {
            Error = finished.Error,
            Instability = finished.Instability,
            Warnings = finished.Warnings,
            Frames = frames,
            RenderWallSeconds = watch.Elapsed.TotalSeconds,
        };
    }
}
