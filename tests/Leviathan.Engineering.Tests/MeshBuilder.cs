using System.Buffers.Binary;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Tests;

/// <summary>Hand-built meshes with known answers.</summary>
internal static class MeshBuilder
{
    /// <summary>An axis-aligned box from <paramref name="min"/> with the given size, outward winding.</summary>
    public static List<(Vec3, Vec3, Vec3)> BoxCorners(Vec3 min, Vec3 size)
    {
        var c = new Vec3[8];
        for (var i = 0; i < 8; i++)
        {
            c[i] = min + new Vec3((i & 1) * size.X, ((i >> 1) & 1) * size.Y, ((i >> 2) & 1) * size.Z);
        }

        // Faces as quads (counter-clockwise seen from outside), split into two triangles each.
        int[][] quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
        var triangles = new List<(Vec3, Vec3, Vec3)>();
        foreach (var q in quads)
        {
            triangles.Add((c[q[0]], c[q[1]], c[q[2]]));
            triangles.Add((c[q[0]], c[q[2]], c[q[3]]));
        }

        return triangles;
    }

    public static TriangleMesh Box(Vec3 min, Vec3 size) => TriangleMesh.FromCorners(BoxCorners(min, size));

    /// <summary>The triangles as a binary STL file.</summary>
    public static byte[] BinaryStl(IReadOnlyList<(Vec3 A, Vec3 B, Vec3 C)> triangles)
    {
        var bytes = new byte[84 + (50 * triangles.Count)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), (uint)triangles.Count);
        for (var i = 0; i < triangles.Count; i++)
        {
            var span = bytes.AsSpan(84 + (50 * i));
            var (a, b, c) = triangles[i];
            var offset = 12;
            foreach (var v in new[] { a, b, c })
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[offset..], (float)v.X);
                BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 4)..], (float)v.Y);
                BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 8)..], (float)v.Z);
                offset += 12;
            }
        }

        return bytes;
    }
}
