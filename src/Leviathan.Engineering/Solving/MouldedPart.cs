using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Meshes;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// A box made for injection moulding, mould opening along its Z (its thinnest edge, see <see cref="Orient"/>): the
/// side walls taper inwards towards +Z by <see cref="DraftDegrees"/>, so the solid lies inside the nominal box (its
/// footprint is the box's at −Z, its top face is smaller). A box no thicker than <see cref="SolidUpTo"/> is a solid
/// drafted plate; a thicker one is cored from below into a tray with <see cref="Wall"/> walls and ceiling, the cavity
/// drafted like the outside (wider towards its opening), so every section stays within the moulding rules.
/// MuJoCo collides it as its convex hull (the drafted outline); its mass is the shell's. The OpenSCAD program
/// (<see cref="Scad"/>) is a polyhedron of exactly the vertices of the mesh built here for screening.
/// </summary>
internal static class MouldedPart
{
    /// <summary>Taper of every side wall, twice the rules' minimum so rounding never brings it under.</summary>
    public const double DraftDegrees = 2.0;

    /// <summary>Wall and ceiling thickness of a cored part (mm); its thickest section stays under the rules' 4 mm.</summary>
    public const double Wall = 2.0;

    /// <summary>Boxes up to this thickness (mm) are moulded solid.</summary>
    public const double SolidUpTo = 3.0;

    /// <summary>Thinnest plate (mm) moulded: above the rules' minimum wall of 0.8 mm.</summary>
    public const double Thinnest = 1.0;

    /// <summary>Narrowest cavity (mm, at its ceiling) worth coring.</summary>
    private const double NarrowestCavity = 2.0;

    private static readonly ConcurrentDictionary<Vec3, (double, double, double)> Measured = new();

    /// <summary>Whether a box of these edges (mm, mould axis Z) can be made this way.</summary>
    public static bool CanMould(Vec3 sizeMm)
    {
        var s = BoxPart.Rounded(sizeMm);
        if (s.Z < Thinnest)
        {
            return false;
        }

        if (s.Z <= SolidUpTo)
        {
            return Math.Min(s.X, s.Y) - (2 * s.Z * Tan) > NarrowestCavity;
        }

        var (inset, coreInset) = (Wall / Cos, (s.Z - Wall) * Tan);
        return Math.Min(s.X, s.Y) - (2 * (inset + coreInset)) >= NarrowestCavity;
    }

    /// <summary>
    /// The same box (metres, OpenSCAD Euler degrees) described with its thinnest edge as its Z, the mould's opening
    /// direction: edges permuted cyclically, so the axes stay right-handed, and the rotation turned to match.
    /// </summary>
    public static (Vec3 Size, Vec3 Euler) Orient(Vec3 size, Vec3 euler)
    {
        if (size.Z <= size.X && size.Z <= size.Y)
        {
            return (size, euler);
        }

        var turn = Rotation.FromOpenScadEuler(euler);
        Vec3[] axes = [turn.Apply(new Vec3(1, 0, 0)), turn.Apply(new Vec3(0, 1, 0)), turn.Apply(new Vec3(0, 0, 1))];
        double[] edges = [size.X, size.Y, size.Z];
        var k = size.X <= size.Y ? 0 : 1;
        var (i, j) = ((k + 1) % 3, (k + 2) % 3);
        return (new Vec3(edges[i], edges[j], edges[k]), SearchSpace.Euler(axes[i], axes[j], axes[k]));
    }

    /// <summary>The OpenSCAD program of the part (mm): a polyhedron with the vertices and faces of <see cref="Mesh"/>.</summary>
    public static string Scad(Vec3 sizeMm)
    {
        var s = BoxPart.Rounded(sizeMm);
        var (vertices, triangles) = Solid(s);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"// injection moulded along Z: {s.X:0.###} x {s.Y:0.###} x {s.Z:0.###} mm, side walls drafted {DraftDegrees:0.#} deg towards +Z");
        text.Append(s.Z <= SolidUpTo ? ", solid\n" : string.Create(CultureInfo.InvariantCulture, $", cored from below to {Wall:0.#} mm walls\n"));
        text.Append("polyhedron(\n  points = [");
        text.AppendJoin(", ", vertices.Select(v => string.Create(CultureInfo.InvariantCulture, $"[{v.X:0.######}, {v.Y:0.######}, {v.Z:0.######}]")));
        text.Append("],\n  faces = [");
        // OpenSCAD lists a face's points clockwise seen from outside: the reverse of the mesh's order.
        text.AppendJoin(", ", triangles.Select(t => string.Create(CultureInfo.InvariantCulture, $"[{t.Item3}, {t.Item2}, {t.Item1}]")));
        text.Append("]);\n");
        return text.ToString();
    }

    /// <summary>The part's mesh (mm), as OpenSCAD renders <see cref="Scad"/>.</summary>
    public static TriangleMesh Mesh(Vec3 sizeMm)
    {
        var (vertices, triangles) = Solid(BoxPart.Rounded(sizeMm));
        return new TriangleMesh(vertices, triangles);
    }

    public static CadPart Create(Vec3 sizeMm, string cacheDirectory) =>
        BoxPart.Cached(Scad(sizeMm), Mesh(sizeMm), "moulded", cacheDirectory);

    /// <summary>The thickest section (mm) the moulding rules measure on the part: it sets the cooling time of the cost model.</summary>
    public static double MaximumWall(Vec3 sizeMm) => Measure(sizeMm).MaximumWall;

    /// <summary>What the cost model needs of the part (mm³, mm², mm), computed once per size.</summary>
    public static (double Volume, double Surface, double MaximumWall) Measure(Vec3 sizeMm) =>
        Measured.GetOrAdd(BoxPart.Rounded(sizeMm), s =>
        {
            var mesh = Mesh(s);
            var properties = MeshProperties.Compute(mesh);
            var wall = ManufacturabilityChecker.Check("moulded", mesh, MeshTopology.Analyze(mesh), ManufacturingProcess.InjectionMoulding, new ManufacturingRules()).MaximumWallThickness
                ?? throw new InvalidOperationException($"no wall thickness measured on a moulded part of {s} mm");
            return (properties.Volume, properties.SurfaceArea, wall);
        });

    private static double Tan => Math.Tan(DraftDegrees * Math.PI / 180);

    private static double Cos => Math.Cos(DraftDegrees * Math.PI / 180);

    /// <summary>
    /// Vertices as rings of four corners, each counter-clockwise seen from +Z: outer bottom (0–3), outer top (4–7),
    /// and for a cored part inner bottom (8–11) and ceiling (12–15). Triangles counter-clockwise seen from outside.
    /// Coordinates are rounded to the 6 decimals the OpenSCAD program carries.
    /// </summary>
    private static (Vec3[] Vertices, (int, int, int)[] Triangles) Solid(Vec3 s)
    {
        var (hx, hy, hz) = (s.X / 2, s.Y / 2, s.Z / 2);
        var draft = s.Z * Tan;
        var vertices = new List<Vec3>();
        void Ring(double x, double y, double z)
        {
            vertices.Add(Round(new Vec3(-x, -y, z)));
            vertices.Add(Round(new Vec3(x, -y, z)));
            vertices.Add(Round(new Vec3(x, y, z)));
            vertices.Add(Round(new Vec3(-x, y, z)));
        }

        Ring(hx, hy, -hz);
        Ring(hx - draft, hy - draft, hz);
        var triangles = new List<(int, int, int)>();
        void Quad(int a, int b, int c, int d)
        {
            triangles.Add((a, b, c));
            triangles.Add((a, c, d));
        }

        Quad(4, 5, 6, 7); // top
        for (var i = 0; i < 4; i++)
        {
            var j = (i + 1) % 4;
            Quad(i, j, 4 + j, 4 + i); // outer walls
        }

        if (s.Z <= SolidUpTo)
        {
            Quad(0, 3, 2, 1); // bottom
            return (vertices.ToArray(), triangles.ToArray());
        }

        var inset = Wall / Cos;
        var ceiling = (s.Z - Wall) * Tan;
        Ring(hx - inset, hy - inset, -hz);
        Ring(hx - inset - ceiling, hy - inset - ceiling, hz - Wall);
        for (var i = 0; i < 4; i++)
        {
            var j = (i + 1) % 4;
            Quad(i, 8 + i, 8 + j, j); // bottom rim
            Quad(8 + i, 12 + i, 12 + j, 8 + j); // cavity walls
        }

        Quad(12, 15, 14, 13); // ceiling
        return (vertices.ToArray(), triangles.ToArray());
    }

    private static Vec3 Round(Vec3 v) => new(Math.Round(v.X, 6), Math.Round(v.Y, 6), Math.Round(v.Z, 6));
}
