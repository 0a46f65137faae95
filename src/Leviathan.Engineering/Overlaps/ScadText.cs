using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Overlaps;

/// <summary>Writes placed parts and fixtures as OpenSCAD code in world millimetres.</summary>
public static class ScadText
{
    /// <summary>A part's mesh (mm) at a pose whose position is in metres.</summary>
    public static PlacedSolid Part(string name, CadPart part, Pose pose)
    {
        var poseMm = pose with { Position = pose.Position * 1000 };
        var bounds = part.Mesh.Vertices.Aggregate(Aabb.Empty, (box, v) => box.Include(poseMm.Apply(v)));
        var file = part.MeshHash + ".stl";
        return new PlacedSolid(name, false, $"{Matrix(poseMm)} import(\"{file}\", convexity=10);", bounds)
        {
            Files = new Dictionary<string, string> { [file] = part.StlPath },
            Convex = ConvexSolid.FromMesh(part.Mesh, part.Topology, poseMm),
        };
    }

    /// <summary>A benchmark fixture (metres) converted to millimetres.</summary>
    public static PlacedSolid Fixture(FixtureSpec fixture, string? baseDirectory)
    {
        var pose = fixture.Pose.ToPose();
        var poseMm = pose with { Position = pose.Position * 1000 };
        var shape = fixture.Shape;
        string body;
        Vec3[] corners;
        ConvexSolid? convex = null;
        var files = new Dictionary<string, string>();
        switch (shape.Type)
        {
            case ShapeKind.Box:
                var half = Vec3.From(shape.Size!) * 500;
                body = $"cube([{N(half.X * 2)}, {N(half.Y * 2)}, {N(half.Z * 2)}], center=true);";
                corners = BoxCorners(half);
                convex = ConvexSolid.Box(poseMm, half);
                break;
            case ShapeKind.Sphere:
                var r = shape.Radius!.Value * 1000;
                body = $"sphere(r={N(r)}, $fn=48);";
                corners = BoxCorners(new Vec3(r, r, r));
                break;
            case ShapeKind.Cylinder:
                var cr = shape.Radius!.Value * 1000;
                var h = shape.Height!.Value * 1000;
                body = $"cylinder(h={N(h)}, r={N(cr)}, center=true, $fn=48);";
                corners = BoxCorners(new Vec3(cr, cr, h / 2));
                break;
            default:
                var file = Path.GetFullPath(Path.Combine(baseDirectory ?? ".", shape.Mesh!));
                var mesh = Meshes.StlReader.Read(file);
                var copy = $"fixture-{fixture.Name}.stl";
                files[copy] = file;
                body = $"scale(1000) import(\"{copy}\", convexity=10);";
                corners = mesh.Vertices.Select(v => v * 1000).ToArray();
                break;
        }

        var bounds = corners.Aggregate(Aabb.Empty, (box, v) => box.Include(poseMm.Apply(v)));
        return new PlacedSolid(fixture.Name, true, $"{Matrix(poseMm)} {body}", bounds) { Files = files, Convex = convex };
    }

    public static string Intersection(PlacedSolid a, PlacedSolid b) =>
        $"// overlap of {a.Name} and {b.Name}\nintersection() {{\n  {a.Scad}\n  {b.Scad}\n}}\n";

    private static Vec3[] BoxCorners(Vec3 half) =>
        [.. from x in new[] { -1, 1 } from y in new[] { -1, 1 } from z in new[] { -1, 1 } select new Vec3(half.X * x, half.Y * y, half.Z * z)];

    private static string Matrix(Pose pose)
    {
        var m = pose.Rotation.ToMatrix();
        var p = pose.Position;
        return $"multmatrix([[{N(m[0, 0])}, {N(m[0, 1])}, {N(m[0, 2])}, {N(p.X)}], [{N(m[1, 0])}, {N(m[1, 1])}, {N(m[1, 2])}, {N(p.Y)}], [{N(m[2, 0])}, {N(m[2, 1])}, {N(m[2, 2])}, {N(p.Z)}], [0, 0, 0, 1]])";
    }

    private static string N(double value) => Math.Round(value, 9).ToString("R", CultureInfo.InvariantCulture);
}
