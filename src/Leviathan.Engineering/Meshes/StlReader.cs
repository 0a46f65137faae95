using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Meshes;

/// <summary>Reads ASCII and binary STL. The facet normals in the file are ignored; the winding is what counts.</summary>
public static class StlReader
{
    public static TriangleMesh Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (StlFormatException ex)
        {
            throw new StlFormatException($"{path}: {ex.Message}");
        }
    }

    /// <summary>True when the bytes are a binary STL (84-byte header plus 50 bytes per triangle).</summary>
    public static bool IsBinary(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 84 && 84 + (50L * BinaryPrimitives.ReadUInt32LittleEndian(bytes[80..84])) == bytes.Length;

    public static TriangleMesh Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 84)
        {
            var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes[80..84]);
            if (84 + (50L * count) == bytes.Length)
            {
                return ParseBinary(bytes, (int)count);
            }
        }

        var start = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 512)]).TrimStart();
        if (start.StartsWith("solid", StringComparison.Ordinal))
        {
            return ParseAscii(Encoding.ASCII.GetString(bytes));
        }

        throw new StlFormatException(bytes.Length < 84
            ? $"too short for an STL file ({bytes.Length} bytes)"
            : "neither ASCII STL (starts with 'solid') nor binary STL (84-byte header plus 50 bytes per triangle)");
    }

    private static TriangleMesh ParseBinary(ReadOnlySpan<byte> bytes, int count)
    {
        var corners = new (Vec3, Vec3, Vec3)[count];
        for (var i = 0; i < count; i++)
        {
            var record = bytes.Slice(84 + (50 * i), 50);
            corners[i] = (ReadVertex(record[12..]), ReadVertex(record[24..]), ReadVertex(record[36..]));
        }

        return TriangleMesh.FromCorners(corners);

        static Vec3 ReadVertex(ReadOnlySpan<byte> span) => new(
            BinaryPrimitives.ReadSingleLittleEndian(span),
            BinaryPrimitives.ReadSingleLittleEndian(span[4..]),
            BinaryPrimitives.ReadSingleLittleEndian(span[8..]));
    }

    private static TriangleMesh ParseAscii(string text)
    {
        var corners = new List<(Vec3, Vec3, Vec3)>();
        var pending = new List<Vec3>(3);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (!line.StartsWith("vertex", StringComparison.Ordinal))
            {
                if (line.StartsWith("endloop", StringComparison.Ordinal))
                {
                    if (pending.Count != 3)
                    {
                        throw new StlFormatException($"line {lineNumber}: a facet has {pending.Count} vertices, expected 3");
                    }

                    corners.Add((pending[0], pending[1], pending[2]));
                    pending.Clear();
                }

                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4 ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ||
                !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) ||
                !double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var z))
            {
                throw new StlFormatException($"line {lineNumber}: expected 'vertex X Y Z', found '{line}'");
            }

            pending.Add(new Vec3(x, y, z));
        }

        return TriangleMesh.FromCorners(corners);
    }
}
