using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Parts;

/// <summary>
/// A rendered part: its STL (cached by content hash), the mesh in millimetres, its volume integrals and topology.
/// <see cref="MeshHash"/> identifies identical geometry for part reuse.
/// </summary>
public sealed record CadPart(string Source, string StlPath, string MeshHash, TriangleMesh Mesh, MeshProperties Properties, MeshTopology Topology)
{
    /// <summary>
    /// The binary STL in memory, for a part made in code that is never written to disk: <see cref="StlPath"/> then only
    /// names it (simulations get the bytes as an in-memory file of that name). Null for a part whose STL is on disk.
    /// </summary>
    public byte[]? StlData { get; init; }

    /// <summary>Volume in cm³ (the mesh is in mm).</summary>
    public double VolumeCm3 => Properties.Volume / 1000;

    /// <summary>Mass in kg for a density in kg/m³.</summary>
    public double Mass(double density) => Properties.Volume * 1e-9 * density;
}
