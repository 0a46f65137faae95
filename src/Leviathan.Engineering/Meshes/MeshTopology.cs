namespace Leviathan.Engineering.Meshes;

/// <summary>
/// Edge-based topology. Watertight means every edge is shared by exactly two triangles that use it in
/// opposite directions (a closed, consistently oriented surface). Components are triangles connected through shared edges.
/// </summary>
public sealed record MeshTopology(
    int Triangles,
    int BoundaryEdges,
    int NonManifoldEdges,
    int MisorientedEdges,
    int Components)
{
    public bool IsWatertight => Triangles > 0 && BoundaryEdges == 0 && NonManifoldEdges == 0 && MisorientedEdges == 0;

    public bool IsSingleSolid => IsWatertight && Components == 1;

    /// <summary>
    /// Closed components that face inwards (negative enclosed volume): the walls of sealed cavities inside a solid, as
    /// OpenSCAD writes a <c>difference()</c> that hollows a body without opening it. Counted only when watertight.
    /// </summary>
    public int Cavities { get; init; }

    /// <summary>
    /// The mesh's solids in words for a reader who must fix the part: "1 solid", "2 solids", or for a hollow one its sealed
    /// cavities with what to do about them (a cavity's inner wall is a closed shell too, so it must not read as another solid).
    /// </summary>
    public string DescribeSolids() => Cavities > 0
        ? $"hollow: {Cavities} sealed cavit{(Cavities == 1 ? "y" : "ies")} inside it, which no process here can make or clean out; open each cavity to the outside (a hole through the wall) or fill it in"
        : $"{Components} solid{(Components == 1 ? string.Empty : "s")}";

    public static MeshTopology Analyze(TriangleMesh mesh)
    {
        // Directed edge -> how often it occurs; undirected edge -> the triangles that use it.
        var directed = new Dictionary<(int, int), int>();
        var undirected = new Dictionary<(int, int), List<int>>();
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var (a, b, c) = mesh.Triangles[t];
            foreach (var (from, to) in new[] { (a, b), (b, c), (c, a) })
            {
                directed[(from, to)] = directed.GetValueOrDefault((from, to)) + 1;
                var key = from < to ? (from, to) : (to, from);
                if (!undirected.TryGetValue(key, out var list))
                {
                    undirected[key] = list = new List<int>(2);
                }

                list.Add(t);
            }
        }

        int boundary = 0, nonManifold = 0, misoriented = 0;
        var parent = Enumerable.Range(0, mesh.Triangles.Count).ToArray();
        foreach (var ((u, v), users) in undirected)
        {
            if (users.Count == 1)
            {
                boundary++;
            }
            else if (users.Count > 2)
            {
                nonManifold++;
            }
            else if (directed.GetValueOrDefault((u, v)) != 1 || directed.GetValueOrDefault((v, u)) != 1)
            {
                misoriented++;
            }

            for (var i = 1; i < users.Count; i++)
            {
                Union(parent, users[0], users[i]);
            }
        }

        var roots = Enumerable.Range(0, parent.Length).Select(i => Find(parent, i)).ToArray();
        var components = roots.Distinct().Count();
        var cavities = 0;
        if (components > 1 && boundary == 0 && nonManifold == 0 && misoriented == 0)
        {
            // Signed volume per component (divergence theorem over its triangles): an inward-facing shell encloses a negative volume.
            var volume = new Dictionary<int, double>();
            for (var t = 0; t < mesh.Triangles.Count; t++)
            {
                var (a, b, c) = mesh.Corners(t);
                volume[roots[t]] = volume.GetValueOrDefault(roots[t]) + (a.Dot(b.Cross(c)) / 6);
            }

            cavities = volume.Values.Count(v => v < 0);
        }

        return new MeshTopology(mesh.Triangles.Count, boundary, nonManifold, misoriented, components) { Cavities = cavities };
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[ra] = rb;
        }
    }
}
