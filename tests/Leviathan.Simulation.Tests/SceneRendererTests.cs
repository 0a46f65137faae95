using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Testing;

namespace Leviathan.Simulation.Tests;

public sealed class SceneRendererTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    /// <summary>
    /// A benchmark-like scene without lights: a grey floor 1.6 m x 0.8 m, a translucent green goal zone on the right
    /// (+x), a translucent red forbid zone on the left (−x), an orange ball falling in the middle, a hinged blue arm.
    /// </summary>
    private const string ZoneScene = """
        <mujoco model="zones">
          <option timestep="0.002"/>
          <worldbody>
            <geom name="floor" type="box" size="0.8 0.4 0.01" pos="0 0 -0.01" rgba="0.6 0.6 0.6 1"/>
            <site name="zone-goal" type="box" size="0.2 0.2 0.075" pos="0.5 0 0.075" rgba="0.1 0.9 0.2 0.2"/>
            <site name="zone-forbid" type="box" size="0.2 0.2 0.015" pos="-0.5 0 0.015" rgba="1 0.1 0.1 0.2"/>
            <body name="ball" pos="0 0 0.4"><freejoint/><geom type="sphere" size="0.04" rgba="0.9 0.4 0.1 1"/></body>
            <body name="arm" pos="0 0.25 0.1">
              <joint name="hinge" type="hinge" axis="0 0 1" damping="0.1"/>
              <geom type="box" size="0.1 0.01 0.01" pos="0.1 0 0" rgba="0.2 0.5 0.9 1" mass="0.1"/>
            </body>
          </worldbody>
          <actuator><motor name="drive" joint="hinge" ctrllimited="true" ctrlrange="-1 1"/></actuator>
        </mujoco>
        """;

    private readonly SceneRenderer _renderer = new(fixture.Client);

    /// <summary>Green, as the goal zone tints what lies behind it.</summary>
    private static bool Green(byte r, byte g, byte b) => g > r + 25 && g > b + 25;

    /// <summary>Red, as the forbid zone tints what lies behind it (not the orange ball, whose green is far above its blue).</summary>
    private static bool Red(byte r, byte g, byte b) => r > g + 25 && r > b + 25 && Math.Abs(g - b) < 25;

    private RenderRequest Request(string xml = ZoneScene) => new()
    {
        Model = ModelSource.FromFile(fixture.Write(xml)),
        OutputDirectory = fixture.Write(string.Empty, "unused") + ".frames",
        Width = 320,
        Height = 240,
    };

    [Fact]
    public async Task RenderAsync_InitialState_WritesALitPngOfTheRequestedSize()
    {
        var result = await _renderer.RenderAsync(Request() with { Width = 400, Height = 300 });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        var frame = result.Frames.ShouldHaveSingleItem();
        frame.Time.ShouldBe(0);
        frame.Camera.ShouldBe(CameraView.Iso);
        Path.GetFileName(frame.Path).ShouldBe("frame-iso-0000.png");
        File.ReadAllBytes(frame.Path)[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var image = DecodedImage.Load(frame.Path);
        image.Width.ShouldBe(400);
        image.Height.ShouldBe(300);
        // the scene has no <light>: the renderer lights it, so the grey floor in the middle is not dark
        var (r, g, b) = image.Pixel(200, 200);
        ((r + g + b) / 3).ShouldBeGreaterThan(90, $"pixel ({r}, {g}, {b})");
        image.Share((r, g, b) => r > 200 && g > 200 && b > 200).ShouldBeLessThan(0.9, "the image is not blank");
    }

    [Fact]
    public async Task RenderAsync_IsoAndTop_DrawDifferentPictures()
    {
        var result = await _renderer.RenderAsync(Request() with { Cameras = [CameraView.Iso, CameraView.Top] });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        result.Frames.Select(f => f.Camera).ShouldBe([CameraView.Iso, CameraView.Top]);
        File.ReadAllBytes(result.Frames[0].Path).ShouldNotBe(File.ReadAllBytes(result.Frames[1].Path));
        var iso = DecodedImage.Load(result.Frames[0].Path);
        var top = DecodedImage.Load(result.Frames[1].Path);
        iso.DifferenceFrom(top).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task RenderAsync_TopView_ShowsTheGoalZoneGreenOnTheRightAndTheForbidZoneRedOnTheLeft()
    {
        var result = await _renderer.RenderAsync(Request() with { Cameras = [CameraView.Top] });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        var image = DecodedImage.Load(result.Frames.ShouldHaveSingleItem().Path);
        var third = image.Width / 3;
        // x runs to the right in the top view: the goal (x 0.3 to 0.7 m) lies in the right third, the forbid zone in the left
        image.Share(Green, left: 2 * third, width: third).ShouldBeGreaterThan(0.1);
        image.Share(Green, left: 0, width: third).ShouldBeLessThan(0.01);
        image.Share(Red, left: 0, width: third).ShouldBeGreaterThan(0.1);
        image.Share(Red, left: 2 * third, width: third).ShouldBeLessThan(0.01);
        // the goal's centre (x = 0.5 of the floor's 0.8 half-length) is green, seen through the translucent zone
        var (r, g, b) = image.Pixel((int)(image.Width * (0.5 + (0.5 * 0.5 / 0.8 * 0.9))), image.Height / 2);
        Green(r, g, b).ShouldBeTrue($"pixel ({r}, {g}, {b})");
    }

    [Fact]
    public async Task RenderAsync_FallingBall_FramesAtEvenTimesShowItMoving()
    {
        var result = await _renderer.RenderAsync(Request() with { Seconds = 0.4, Frames = 5, Cameras = [CameraView.Front] });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        result.Frames.Select(f => f.Time).ShouldBe([0, 0.1, 0.2, 0.3, 0.4], tolerance: 1e-9);
        result.Frames.Select(f => f.Index).ShouldBe([0, 1, 2, 3, 4]);
        var first = DecodedImage.Load(result.Frames[0].Path);
        var last = DecodedImage.Load(result.Frames[^1].Path);
        first.DifferenceFrom(last).ShouldBeGreaterThan(0.002);
        bool Orange(byte r, byte g, byte b) => r > 150 && g is > 50 and < 150 && b < 80;
        // the ball falls: its orange moves down the image (z up in the front view)
        var firstRows = Rows(first, Orange);
        var lastRows = Rows(last, Orange);
        lastRows.ShouldBeGreaterThan(firstRows + 10);
    }

    [Fact]
    public async Task RenderAsync_ControlSignal_TurnsTheArmInTheFrames()
    {
        var request = Request() with { Seconds = 1, Frames = 2, Cameras = [CameraView.Top] };
        var idle = await _renderer.RenderAsync(request with { OutputDirectory = request.OutputDirectory + "-idle" });
        var driven = await _renderer.RenderAsync(request with { Controls = new Dictionary<string, ControlSignal> { ["drive"] = ControlSignal.Constant(1) } });

        idle.Succeeded.ShouldBeTrue(idle.Error?.Message);
        driven.Succeeded.ShouldBeTrue(driven.Error?.Message);
        DecodedImage.Load(idle.Frames[^1].Path).DifferenceFrom(DecodedImage.Load(driven.Frames[^1].Path)).ShouldBeGreaterThan(0.001);
    }

    [Fact]
    public async Task RenderAsync_Video_WritesAnMp4ThatPlaysEveryFrame()
    {
        var video = Path.Combine(fixture.Write(string.Empty) + ".out", "run.mp4");

        var result = await _renderer.RenderAsync(Request() with { Seconds = 0.5, Frames = 12, Width = 321, Height = 241, VideoPath = video });

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        result.VideoPath.ShouldBe(video);
        result.VideoFps!.Value.ShouldBe(22, 1e-6);
        DecodedImage.CountVideoFrames(video).ShouldBe(12);
    }

    [Fact]
    public async Task RenderAsync_VideoWithoutFfmpeg_FailsBeforeRenderingWithTheInstallHint()
    {
        var renderer = new SceneRenderer(fixture.Client, new SceneRendererOptions { SearchPath = fixture.Write(string.Empty, "empty") + ".none" });
        var request = Request() with { VideoPath = Path.Combine(Path.GetTempPath(), "never.mp4") };

        var error = await Should.ThrowAsync<SimulationException>(() => renderer.RenderAsync(request));

        error.Message.ShouldContain("ffmpeg");
        error.Message.ShouldContain("apt-get install ffmpeg");
        Directory.Exists(request.OutputDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task RenderAsync_ModelWithASchemaError_ReportsItAndDrawsNothing()
    {
        var result = await _renderer.RenderAsync(Request(TestModels.UnknownAttribute));

        result.Error.ShouldNotBeNull().Code.ShouldBe(FindingCodes.Schema);
        result.Frames.ShouldBeEmpty();
    }

    [Fact]
    public async Task RenderAsync_UnknownActuator_NamesTheKnownOnes()
    {
        var result = await _renderer.RenderAsync(Request() with { Seconds = 0.1, Controls = new Dictionary<string, ControlSignal> { ["motor"] = ControlSignal.Constant(1) } });

        var error = result.Error.ShouldNotBeNull();
        error.Code.ShouldBe(FindingCodes.UnknownName);
        error.Message.ShouldContain("drive");
    }

    [Fact]
    public void Check_SeveralFramesOfNoTime_IsRejected()
    {
        var request = Request() with { Frames = 3 };

        Should.Throw<ArgumentOutOfRangeException>(() => _renderer.RenderAsync(request)).Message.ShouldContain("Seconds above 0");
    }

    /// <summary>The mean row of the pixels that match (image rows grow downwards).</summary>
    private static double Rows(DecodedImage image, Func<byte, byte, byte, bool> match)
    {
        double sum = 0;
        var count = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.Pixel(x, y);
                if (match(r, g, b))
                {
                    sum += y;
                    count++;
                }
            }
        }

        count.ShouldBeGreaterThan(0, "the ball is visible");
        return sum / count;
    }
}
