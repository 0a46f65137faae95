using System.Globalization;
using System.Security.Cryptography;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// A centred box as a part, made without OpenSCAD for screening candidates: the 12-triangle mesh is built
/// here as a binary STL named by its content hash, kept in memory. The OpenSCAD
/// program <see cref="Scad"/> renders to the same solid for the final evaluation.
/// </summary>
internal static class BoxPart
{
    /// <summary>The OpenSCAD program of a centred box with these edge lengths in millimetres.</summary>
    public static string Scad(Vec3 sizeMm) =>
        string.Create(CultureInfo.InvariantCulture, $"cube([{sizeMm.X:0.###}, {sizeMm.Y:0.###}, {sizeMm.Z:0.###}], center = true);\n");

    /// <summary>Size rounded to the 0.001 mm the OpenSCAD program carries, so screening and evaluation see one solid.</summary>
    public static Vec3 Rounded(Vec3 sizeMm) => new(Math.Round(sizeMm.X, 3), Math.Round(sizeMm.Y, 3), Math.Round(sizeMm.Z, 3));

    public static CadPart Create(Vec3 sizeMm, string cacheDirectory)
    {
        var h = Rounded(sizeMm) / 2;
        var v = new Vec3[8];
        for (var i = 0; i < 8; i++)
        {
            v[i] = new Vec3((i & 1) == 0 ? -h.X : h.X, (i & 2) == 0 ? -h.Y : h.Y, (i & 4) == 0 ? -h.Z : h.Z);
        }

        // Outward-facing triangles (counter-clockwise seen from outside).
        (int, int, int)[] faces =
        [
            (0, 2, 3), (0, 3, 1), (4, 5, 7), (4, 7, 6), // -z, +z
            (0, 1, 5), (0, 5, 4), (2, 6, 7), (2, 7, 3), // -y, +y
            (0, 4, 6), (0, 6, 2), (1, 3, 7), (1, 7, 5), // -x, +x
        ];
        return Cached(Scad(sizeMm), new TriangleMesh(v, faces), "box", cacheDirectory);
    }

    /// <summary>
    /// A mesh built in code as a part: a binary STL named by its content hash, kept in memory (<see cref="CadPart.StlData"/>)
    /// and handed to MuJoCo as an in-memory file. Writing each new size to disk for the worker to read cost a lift
    /// run about 4 % of its CPU, most of it the file system's inode allocation (docs/benchmark-generation.md). The cache
    /// folder is created, as the folder the scene's assets resolve from, but holds no files.
    /// </summary>
    internal static CadPart Cached(string scad, TriangleMesh mesh, string prefix, string cacheDirectory)
    {
        var bytes = BinaryStl(mesh);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!Directory.Exists(cacheDirectory))
        {
            Directory.CreateDirectory(cacheDirectory);
        }

        var path = Path.Combine(cacheDirectory, $"{prefix}-{hash[..16]}.stl");
        return new CadPart(scad, path, hash, mesh, MeshProperties.Compute(mesh), MeshTopology.Analyze(mesh)) { StlData = bytes };
    }

    private static byte[] BinaryStl(TriangleMesh mesh)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(new byte[80]);
        writer.Write((uint)mesh.Triangles.Count);
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var n = mesh.Normal(t);
            var (a, b, c) = mesh.Corners(t);
            foreach (var p in new[] { n, a, b, c })
            {
                writer.Write((float)p.X);
                writer.Write((float)p.Y);
                writer.Write((float)p.Z);
            }

            writer.Write((ushort)0);
        }

        writer.Flush();
        return stream.ToArray();
    }
}
