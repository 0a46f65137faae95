using System.Buffers.Binary;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Accounting;

/// <summary>
/// The tokens an image costs in a prompt, from its pixel size, by the rule OpenAI documents for high detail: the
/// image is scaled to fit 2048×2048, then its short side to 768, and it costs 85 tokens plus 170 per 512-pixel tile.
/// Vision servers built on Qwen-VL or LLaVA charge about the same for the images the tools make (a 640×480 render:
/// 425 here, about 390 for Qwen2-VL). An image whose size cannot be read from a PNG header is charged
/// <see cref="Unknown"/>, the largest high-detail charge.
/// </summary>
public static class ImageTokens
{
    public const int Base = 85;
    public const int PerTile = 170;
    public const int Unknown = Base + (PerTile * 6);

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Tokens for <paramref name="data"/> when it is an image, otherwise null.</summary>
    public static int? Of(DataContent data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasTopLevelMediaType("image"))
        {
            return null;
        }

        var bytes = data.Data.Span;
        if (bytes.Length < 24 || !bytes[..8].SequenceEqual(PngSignature))
        {
            return Unknown;
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(bytes[16..20]);
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes[20..24]);
        return width <= 0 || height <= 0 ? Unknown : ForSize(width, height);
    }

    /// <summary>Tokens for an image of <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public static int ForSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        double w = width, h = height;
        var fit = Math.Min(1, 2048 / Math.Max(w, h));
        w *= fit;
        h *= fit;
        var shortSide = Math.Min(1, 768 / Math.Min(w, h));
        w *= shortSide;
        h *= shortSide;
        var tiles = (int)Math.Ceiling(w / 512) * (int)Math.Ceiling(h / 512);
        return Base + (PerTile * tiles);
    }
}
