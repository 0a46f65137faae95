namespace Leviathan.Simulation.Tests;

/// <summary>Writes small binary STL meshes for tests.</summary>
internal static class StlFiles
{
    public static void WriteTetrahedron(string path, float size)
    {
        float[][] v = [[0, 0, 0], [size, 0, 0], [0, size, 0], [0, 0, size]];
        int[][] faces = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]];
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
