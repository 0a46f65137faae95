using System.Globalization;
using System.Text.RegularExpressions;
using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Rendering;

/// <summary>
/// What <see cref="SceneRenderer"/> draws: a model simulated for <see cref="Seconds"/> with the given controls, and
/// PNG frames at evenly spread times (<see cref="Frames"/>) or at explicit <see cref="Times"/>, from one or more views.
/// </summary>
public sealed partial record RenderRequest
{
    /// <summary>Largest width or height in pixels.</summary>
    public const int MaxSize = 4096;

    /// <summary>Most frames per view in one request (file names carry four digits).</summary>
    public const int MaxFrames = 10_000;

    /// <summary>The MJCF model (file or text).</summary>
    public required ModelSource Model { get; init; }

    /// <summary>Folder the PNG files are written to (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Simulated seconds the frames span; 0 (the default) draws the initial state only.</summary>
    public double Seconds { get; init; }

    /// <summary>
    /// Frames spread evenly from t = 0 to <see cref="Seconds"/>, both ends included. Default: 1 when
    /// <see cref="Seconds"/> is 0, else 5 (start, 25 %, 50 %, 75 %, end). Ignored when <see cref="Times"/> is set.
    /// </summary>
    public int? Frames { get; init; }

    /// <summary>Explicit frame times in seconds, ascending, each from 0 to <see cref="Seconds"/>.</summary>
    public IReadOnlyList<double>? Times { get; init; }

    /// <summary>Control signals by actuator name; actuators not named keep control 0.</summary>
    public IReadOnlyDictionary<string, ControlSignal> Controls { get; init; } = new Dictionary<string, ControlSignal>();

    /// <summary>The views to draw every frame from (default: <see cref="CameraView.Iso"/>).</summary>
    public IReadOnlyList<CameraView> Cameras { get; init; } = [CameraView.Iso];

    /// <summary>Image width in pixels (default 640).</summary>
    public int Width { get; init; } = 640;

    /// <summary>Image height in pixels (default 480).</summary>
    public int Height { get; init; } = 480;

    /// <summary>Start of every file name: files are <c>PREFIX-VIEW-NNNN.png</c> (default <c>frame</c>).</summary>
    public string FilePrefix { get; init; } = "frame";

    /// <summary>
    /// When set, the frames also become an H.264 MP4 at this path (through ffmpeg), played at the speed of the
    /// simulation. Needs exactly one camera.
    /// </summary>
    public string? VideoPath { get; init; }

    /// <summary>Longest the worker may take; default: the client's RequestTimeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The frame times this request asks for.</summary>
    public IReadOnlyList<double> FrameTimes()
    {
        if (Times is { } times)
        {
            return times;
        }

        var count = Frames ?? (Seconds == 0 ? 1 : 5);
        return count == 1
            ? [0.0]
            : [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? Seconds : Seconds * i / (count - 1))];
    }

    /// <summary>The file a frame is written to.</summary>
    public string FramePath(CameraView camera, int index) =>
        Path.Combine(Path.GetFullPath(OutputDirectory), string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}-{CameraViews.Name(camera)}-{index:D4}.png"));

    internal void Check()
    {
        ArgumentNullException.ThrowIfNull(Model);
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory);
        if (!double.IsFinite(Seconds) || Seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "seconds must be a finite number >= 0");
        }

        if (Width is < 1 or > MaxSize || Height is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"the image size must be from 1x1 to {MaxSize}x{MaxSize} pixels, not {Width}x{Height}");
        }

        if (Times is null && Frames is { } frames && (frames < 1 || frames > MaxFrames || (frames > 1 && Seconds == 0)))
        {
            throw new ArgumentOutOfRangeException(nameof(Frames), frames, frames > 1 && Seconds == 0
                ? "more than one frame needs a time span: set Seconds above 0"
                : $"frames must be from 1 to {MaxFrames}");
        }

        if (Times is { } times)
        {
            if (times.Count is 0 or > MaxFrames)
            {
                throw new ArgumentOutOfRangeException(nameof(Times), times.Count, $"give from 1 to {MaxFrames} frame times");
            }

            for (var i = 0; i < times.Count; i++)
            {
                if (!double.IsFinite(times[i]) || times[i] < 0 || times[i] > Seconds || (i > 0 && times[i] < times[i - 1]))
                {
                    throw new ArgumentOutOfRangeException(nameof(Times), times[i], $"frame times must ascend from 0 to Seconds ({Seconds.ToString(CultureInfo.InvariantCulture)})");
                }
            }
        }

        if (Cameras is null || Cameras.Count == 0 || Cameras.Distinct().Count() != Cameras.Count || Cameras.Any(c => !Enum.IsDefined(c)))
        {
            throw new ArgumentException("give one or more different camera views", nameof(Cameras));
        }

        if (!FilePrefixPattern().IsMatch(FilePrefix ?? string.Empty))
        {
            throw new ArgumentException($"the file prefix '{FilePrefix}' must be 1 to 64 letters, digits, '-' or '_'", nameof(FilePrefix));
        }

        if (VideoPath is not null && Cameras.Count != 1)
        {
            throw new ArgumentException("a video needs exactly one camera view", nameof(VideoPath));
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "the timeout must be positive");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FilePrefixPattern();
}
