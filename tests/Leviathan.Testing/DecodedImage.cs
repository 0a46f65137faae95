using System.Diagnostics;
using System.Globalization;

namespace Leviathan.Testing;

/// <summary>
/// An image decoded by ffmpeg (an independent PNG reader, so a test checks what any viewer would show), as
/// 8-bit RGB rows from the top; plus ffprobe's count of the frames in a video.
/// </summary>
public sealed class DecodedImage
{
    private DecodedImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    /// <summary>Decodes the image file (PNG or anything ffmpeg reads).</summary>
    public static DecodedImage Load(string path)
    {
        var size = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path);
        var parts = size.Output.Trim().Split(',');
        if (size.ExitCode != 0 || parts.Length != 2)
        {
            throw new InvalidOperationException($"ffprobe cannot read {path}: {size.Error}");
        }

        var width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var info = Start("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        using var process = Process.Start(info)!;
        using var pixels = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(pixels);
        process.WaitForExit();
        if (process.ExitCode != 0 || pixels.Length != (long)width * height * 3)
        {
            throw new InvalidOperationException($"ffmpeg cannot decode {path} ({pixels.Length} bytes for {width}x{height}): {error.Result}");
        }

        return new DecodedImage(width, height, pixels.ToArray());
    }

    /// <summary>Frames ffprobe counts by decoding the whole video (<c>-count_frames</c>).</summary>
    public static int CountVideoFrames(string path)
    {
        var probe = Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path);
        return probe.ExitCode == 0 && int.TryParse(probe.Output.Trim().TrimEnd(','), NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames)
            ? frames
            : throw new InvalidOperationException($"ffprobe cannot read the video {path}: {probe.Error}");
    }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }

    /// <summary>Share of the pixels in the rectangle (default: the whole image) for which <paramref name="match"/> holds.</summary>
    public double Share(Func<byte, byte, byte, bool> match, int left = 0, int top = 0, int width = -1, int height = -1)
    {
        width = width < 0 ? Width - left : width;
        height = height < 0 ? Height - top : height;
        var count = 0;
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                var (r, g, b) = Pixel(x, y);
                if (match(r, g, b))
                {
                    count++;
                }
            }
        }

        return (double)count / (width * height);
    }

    /// <summary>Fraction of pixels (0 to 1) that differ by more than <paramref name="tolerance"/> in any channel.</summary>
    public double DifferenceFrom(DecodedImage other, int tolerance = 8)
    {
        if (other.Width != Width || other.Height != Height)
        {
            return 1;
        }

        var differing = 0;
        for (var i = 0; i < Rgb.Length; i += 3)
        {
            if (Math.Abs(Rgb[i] - other.Rgb[i]) > tolerance || Math.Abs(Rgb[i + 1] - other.Rgb[i + 1]) > tolerance || Math.Abs(Rgb[i + 2] - other.Rgb[i + 2]) > tolerance)
            {
                differing++;
            }
        }

        return differing / (Rgb.Length / 3.0);
    }

    private static ProcessStartInfo Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static (int ExitCode, string Output, string Error) Run(string file, params string[] arguments)
    {
        using var process = Process.Start(Start(file, arguments))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
