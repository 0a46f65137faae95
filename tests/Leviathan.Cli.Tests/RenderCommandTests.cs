using System.Text.Json;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary><c>sim render</c> and the <c>--render</c> filmstrips of <c>bench scene</c> and <c>bench evaluate</c>, drawn for real.</summary>
public sealed class RenderCommandTests : IDisposable
{
    private const string ZoneScene = """
        <mujoco model="zones">
          <worldbody>
            <geom name="floor" type="box" size="0.8 0.4 0.01" pos="0 0 -0.01" rgba="0.6 0.6 0.6 1"/>
            <site name="zone-goal" type="box" size="0.2 0.2 0.075" pos="0.5 0 0.075" rgba="0.1 0.9 0.2 0.2"/>
            <body name="ball" pos="0 0 0.4"><freejoint/><geom type="sphere" size="0.04" rgba="0.9 0.4 0.1 1"/></body>
          </worldbody>
        </mujoco>
        """;

    private static readonly string Root = Leviathan.Testing.RepositoryRoot.Path;

    private readonly CliHarness _cli = new();

    private string Scene()
    {
        var path = Path.Combine(_cli.Scratch, "scene.xml");
        File.WriteAllText(path, ZoneScene);
        return path;
    }

    private static bool Green(byte r, byte g, byte b) => g > r + 25 && g > b + 25;

    [Fact]
    public async Task SimRender_FramesOverTime_WritesPngsOfTheGivenSizeAndListsThem()
    {
        var output = Path.Combine(_cli.Scratch, "frames");

        var r = await _cli.RunAsync("sim", "render", Scene(), "--out", output, "--time", "0.5", "--frames", "3", "--size", "200x150", "--camera", "top");

        r.ExitCode.ShouldBe(0, r.Stderr);
        r.Stdout.ShouldStartWith($"rendered 3 frames (200x150, top) to {output}");
        r.Stdout.ShouldContain(Path.Combine(output, "frame-top-0002.png"));
        var files = Directory.GetFiles(output, "*.png").Order(StringComparer.Ordinal).ToList();
        files.Select(Path.GetFileName).ShouldBe(["frame-top-0000.png", "frame-top-0001.png", "frame-top-0002.png"]);
        foreach (var file in files)
        {
            var image = DecodedImage.Load(file);
            image.Width.ShouldBe(200);
            image.Height.ShouldBe(150);
            // the goal zone (x 0.3 to 0.7 m) is green in the right third of the top view
            image.Share(Green, left: 2 * 200 / 3, width: 200 / 3).ShouldBeGreaterThan(0.1);
        }
    }

    [Fact]
    public async Task SimRender_IsoAndTop_GivesDifferentPictures()
    {
        var output = Path.Combine(_cli.Scratch, "views");

        var r = await _cli.RunAsync("sim", "render", Scene(), "--out", output, "--camera", "iso", "--camera", "top", "--size", "160x120");

        r.ExitCode.ShouldBe(0, r.Stderr);
        var iso = DecodedImage.Load(Path.Combine(output, "frame-iso-0000.png"));
        var top = DecodedImage.Load(Path.Combine(output, "frame-top-0000.png"));
        iso.DifferenceFrom(top).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task SimRender_Video_WritesAnMp4WithEveryFrameAndReportsItInJson()
    {
        var output = Path.Combine(_cli.Scratch, "frames");
        var video = Path.Combine(_cli.Scratch, "fall.mp4");

        var r = await _cli.RunAsync("sim", "render", Scene(), "--out", output, "--time", "0.5", "--video", video, "--size", "160x120", "--json");

        r.ExitCode.ShouldBe(0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        root.GetProperty("video_path").GetString().ShouldBe(video);
        // 30 frames per simulated second, both ends included
        root.GetProperty("frames").GetArrayLength().ShouldBe(16);
        root.GetProperty("frames")[15].GetProperty("camera").GetString().ShouldBe("iso");
        root.GetProperty("frames")[15].GetProperty("time").GetDouble().ShouldBe(0.5, 1e-9);
        DecodedImage.CountVideoFrames(video).ShouldBe(16);
    }

    [Fact]
    public async Task SimRender_VideoWithoutFfmpeg_Exits1WithTheInstallHint()
    {
        _cli.Variables["PATH"] = Path.Combine(_cli.Scratch, "no-tools");

        var r = await _cli.RunAsync("sim", "render", Scene(), "--out", Path.Combine(_cli.Scratch, "frames"), "--time", "0.2", "--video", Path.Combine(_cli.Scratch, "v.mp4"));

        r.ExitCode.ShouldBe(1);
        r.Stderr.ShouldContain("ffmpeg is needed to write a video but is not on the PATH");
        r.Stderr.ShouldContain("apt-get install ffmpeg");
    }

    [Theory]
    [InlineData("--size", "640by480", "--size '640by480' is not WIDTHxHEIGHT")]
    [InlineData("--camera", "below", "--camera 'below' is not a view")]
    [InlineData("--frames", "4", "4 frames need a time span")]
    public async Task SimRender_BadOption_Exits2AndSaysWhy(string option, string value, string message)
    {
        var r = await _cli.RunAsync("sim", "render", Scene(), "--out", Path.Combine(_cli.Scratch, "frames"), option, value);

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain(message);
    }

    [Fact]
    public async Task BenchScene_Render_DrawsTheEnvironmentFilmstripWithTheGoalZone()
    {
        var output = Path.Combine(_cli.Scratch, "strip");

        var r = await _cli.RunAsync("bench", "scene", Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json"), "--out", Path.Combine(_cli.Scratch, "scene.xml"), "--render", output);

        r.ExitCode.ShouldBe(0, r.Stderr);
        r.Stdout.ShouldContain($"filmstrip (5 frames over 3 s) in {output}");
        r.Stdout.ShouldContain("100 %  t = 3.000 s");
        var frames = Directory.GetFiles(output, "filmstrip-iso-*.png");
        frames.Length.ShouldBe(5);
        var first = DecodedImage.Load(frames.Order(StringComparer.Ordinal).First());
        first.Width.ShouldBe(640);
        first.Height.ShouldBe(480);
        first.Share(Green).ShouldBeGreaterThan(0.01);
    }

    [Fact]
    public async Task BenchEvaluate_Render_DrawsTheFirstSampleWithThePartsInTheirMaterialColour()
    {
        var output = Path.Combine(_cli.Scratch, "strip");

        var r = await _cli.RunAsync(
            "bench", "evaluate", Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json"), Path.Combine(Root, "examples", "solutions", "ramp-to-goal"),
            "--samples", "1", "--render", output);

        r.ExitCode.ShouldBe(0, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("filmstrip (5 frames over 3 s)");
        var frames = Directory.GetFiles(output, "filmstrip-iso-*.png").Order(StringComparer.Ordinal).Select(DecodedImage.Load).ToList();
        frames.Count.ShouldBe(5);
        // the hardwood ramp is brown, the payload orange (seen through the goal zone, a greener orange)
        static bool Brown(byte r, byte g, byte b) => r is > 70 and < 170 && g > 30 && g < r - 15 && b < g - 5;
        static bool Payload(byte r, byte g, byte b) => r > 120 && b < 60 && r > g + 15;
        frames[0].Share(Brown).ShouldBeGreaterThan(0.003);
        frames[0].Share(Payload).ShouldBeGreaterThan(0.0001);
        // the ball rolls down the ramp into the goal, which lies to the right in the iso view
        var start = frames[0].Centroid(Payload).ShouldNotBeNull("the payload is visible at the start");
        var end = frames[^1].Centroid(Payload).ShouldNotBeNull("the payload is visible at the end");
        end.X.ShouldBeGreaterThan(start.X + 50);
    }

    public void Dispose() => _cli.Dispose();
}
