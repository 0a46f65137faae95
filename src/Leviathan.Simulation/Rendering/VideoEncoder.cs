using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Leviathan.Simulation.Rendering;

/// <summary>Turns a numbered PNG sequence into an H.264 MP4 with ffmpeg (Debian's package has libx264).</summary>
internal static class VideoEncoder
{
    public const string InstallHint = "install it with scripts/setup.sh (apt-get install ffmpeg)";

    /// <summary>The ffmpeg to run, or an exception that says how to install it.</summary>
    /// <exception cref="SimulationException">ffmpeg is not there.</exception>
    public static string Locate(SceneRendererOptions options)
    {
        if (options.FfmpegPath is { } given)
        {
            return File.Exists(given)
                ? given
                : throw new SimulationException($"ffmpeg was not found at {given}; {InstallHint}");
        }

        var search = options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in search.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "ffmpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new SimulationException($"ffmpeg is needed to write a video but is not on the PATH; {InstallHint}");
    }

    /// <summary>
    /// Encodes <paramref name="count"/> frames matching <paramref name="pattern"/> (a printf pattern such as
    /// <c>/out/frame-iso-%04d.png</c>, numbered from 0) at <paramref name="fps"/> frames per second into <paramref name="output"/>.
    /// </summary>
    /// <exception cref="SimulationException">ffmpeg failed; the message carries its error output.</exception>
    public static async Task EncodeAsync(string ffmpeg, string pattern, int count, double fps, string output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in new[]
        {
            "-nostdin", "-y", "-v", "error",
            "-framerate", fps.ToString("0.######", CultureInfo.InvariantCulture),
            "-start_number", "0",
            "-i", pattern,
            "-frames:v", count.ToString(CultureInfo.InvariantCulture),
            // yuv420p (what players expect) needs even sizes
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
            output,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new SimulationException($"ffmpeg ({ffmpeg}) did not start");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = (await stderr).Trim();
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new SimulationException($"ffmpeg could not write the video {output} (exit code {process.ExitCode}): {(errors.Length > 0 ? errors[^Math.Min(errors.Length, 600)..] : "no message")}");
        }
    }

    /// <summary>ffmpeg reads '%' in an input name as part of the number pattern; a literal one is written twice.</summary>
    public static string EscapePattern(string path) => path.Replace("%", "%%", StringComparison.Ordinal);
}
