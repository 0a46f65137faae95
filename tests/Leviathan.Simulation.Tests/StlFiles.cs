namespace Leviathan.Simulation.Tests;

/// <summary>Writes small binary STL meshes for tests.</summary>
internal static class StlFiles
{
    public static void WriteTetrahedron(string path, float size)
    {
        float[][] v = [[0, 0, 0], [size, 0, 0], [0, size, 0], [0, 0, size]];
        int[][] faces = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]];
        Write(path, v, faces);
    }

    /// <summary>A cube of edge <paramref name="size"/> centred on the origin.</summary>
    public static void WriteCube(string path, float size)
    {
        var h = size / 2;
        float[][] v = [[-h, -h, -h], [h, -h, -h], [-h, h, -h], [h, h, -h], [-h, -h, h], [h, -h, h], [-h, h, h], [h, h, h]];
        int[][] faces = [[0, 2, 1], [1, 2, 3], [4, 5, 6], [5, 7, 6], [0, 1, 4], [1, 5, 4], [2, 6, 3], [3, 6, 7], [0, 4, 2], [2, 4, 6], [1, 3, 5], [3, 7, 5]];
        Write(path, v, faces);
    }

    private static void Write(string path, float[][] v, int[][] faces)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(new byte[80]);
        writer.Write((uint)faces.Length);
        foreach (var face in faces)
        {
            writer.Write(0f);
            writer.Write(0f);
            writer.Write(0f);
            foreach (var index in face)
            {
                writer.Write(v[index][0]);
                writer.Write(v[index][1]);
                writer.Write(v[index][2]);
            }

            writer.Write((ushort)0);
        }
    }
}
