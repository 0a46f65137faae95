using System.Globalization;
using System.Text.RegularExpressions;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>Where the corners of a solver part's box lie in the world, read from the part's OpenSCAD file and pose.</summary>
internal static class PartCorners
{
    private const string Triple = @"\[(-?[\d.]+), (-?[\d.]+), (-?[\d.]+)\]";

    /// <summary>The corners (metres, world frame) of <paramref name="part"/> of the solution in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<Vec3> Of(PartSpec part, string folder)
    {
        var turn = Rotation.FromOpenScadEuler(Vec3.From(part.Rotation));
        return [.. Local(File.ReadAllText(Path.Combine(folder, part.File))).Select(c => Vec3.From(part.Position) + turn.Apply(c / 1000))];
    }

    /// <summary>The corners (mm) of a part's OpenSCAD box: a centred cube, or the points of a moulded part's polyhedron.</summary>
    private static IEnumerable<Vec3> Local(string scad)
    {
        static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        if (scad.Contains("cube(", StringComparison.Ordinal))
        {
            var size = Regex.Match(scad, Triple).Groups;
            var half = new Vec3(Number(size[1].Value), Number(size[2].Value), Number(size[3].Value)) / 2;
            return from x in new[] { -1, 1 } from y in new[] { -1, 1 } from z in new[] { -1, 1 } select new Vec3(x * half.X, y * half.Y, z * half.Z);
        }

        var points = scad[scad.IndexOf("points", StringComparison.Ordinal)..scad.IndexOf("faces", StringComparison.Ordinal)];
        return Regex.Matches(points, Triple).Select(m => new Vec3(Number(m.Groups[1].Value), Number(m.Groups[2].Value), Number(m.Groups[3].Value))).ToList();
    }
}
