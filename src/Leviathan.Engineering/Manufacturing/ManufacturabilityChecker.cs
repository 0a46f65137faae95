using System.Globalization;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Manufacturing;

/// <summary>
/// Mesh-based manufacturability rules per process (part coordinates in millimetres, tool and mould axis Z).
/// The methods and their limits are described in docs/engineering.md.
/// </summary>
public static class ManufacturabilityChecker
{
    private static readonly Vec3 Up = new(0, 0, 1);

    public static ManufacturabilityReport Check(string part, TriangleMesh mesh, MeshTopology topology, ManufacturingProcess process, ManufacturingRules rules)
    {
        var failures = new List<ManufacturabilityIssue>();
        var notes = new List<string>();
        double? minWall = null, maxWall = null;
        var size = mesh.Bounds.Size;

        if (!topology.IsWatertight)
        {
            failures.Add(Issue(part, "watertight", topology.BoundaryEdges + topology.NonManifoldEdges + topology.MisorientedEdges, "edges", "0",
                $"the mesh is not a closed solid: {topology.BoundaryEdges} open edges, {topology.NonManifoldEdges} edges shared by more than two faces, {topology.MisorientedEdges} edges with inconsistent orientation"));
        }
        else if (topology.Cavities > 0)
        {
            failures.Add(Issue(part, "single_solid", topology.Components, "solids", "1",
                $"the part is hollow: {topology.Cavities} sealed cavit{(topology.Cavities == 1 ? "y" : "ies")} inside it (an inner wall facing inwards), which no process here can make or clean out; open each cavity to the outside (a hole through the wall) or fill it in"));
        }
        else if (topology.Components != 1)
        {
            failures.Add(Issue(part, "single_solid", topology.Components, "solids", "1",
                $"the part consists of {topology.Components} separate solids; make one connected body or split it into several parts"));
        }

        var raycaster = new MeshRaycaster(mesh);
        switch (process)
        {
            case ManufacturingProcess.Print3d:
                CheckEnvelope(part, "build_volume", size, rules.PrinterBuildVolume, failures);
                notes.Add(OverhangNote(mesh, rules));
                break;

            case ManufacturingProcess.CncMilling:
                CheckEnvelope(part, "work_envelope", size, rules.CncWorkEnvelope, failures);
                var undercut = UnreachableArea(raycaster, fromBelowToo: false);
                if (undercut > rules.UndercutAreaTolerance)
                {
                    failures.Add(Issue(part, "undercut", undercut, "mm²", $"<= {F(rules.UndercutAreaTolerance)} mm²",
                        $"{F(undercut)} mm² of faces cannot be reached by a tool coming from +Z (they face down or are hidden under other material)"));
                }

                var corner = SmallestInternalCornerRadius(mesh);
                if (corner is { } radius && radius < rules.CncToolRadius)
                {
                    failures.Add(Issue(part, "internal_corner_radius", radius, "mm", $">= {F(rules.CncToolRadius)} mm",
                        $"a vertical internal corner has radius {F(radius)} mm, below the tool radius {F(rules.CncToolRadius)} mm; round it (offset(r=...) or a cylinder)"));
                }

                break;

            case ManufacturingProcess.InjectionMoulding:
                var hidden = UnreachableArea(raycaster, fromBelowToo: true);
                if (hidden > rules.UndercutAreaTolerance)
                {
                    failures.Add(Issue(part, "undercut", hidden, "mm²", $"<= {F(rules.UndercutAreaTolerance)} mm²",
                        $"{F(hidden)} mm² of faces lock the part in a two-piece mould opening along Z"));
                }

                var (draft, lowDraftArea) = SmallestDraft(mesh, rules.MinimumDraftDegrees);
                if (draft < rules.MinimumDraftDegrees && lowDraftArea > rules.UndercutAreaTolerance)
                {
                    failures.Add(Issue(part, "draft", draft, "°", $">= {F(rules.MinimumDraftDegrees)}°",
                        $"walls along the mould opening (Z) have {F(draft)}° draft over {F(lowDraftArea)} mm²; taper them by at least {F(rules.MinimumDraftDegrees)}°"));
                }

                (minWall, maxWall) = WallThickness(raycaster);
                if (minWall < rules.MinimumWallThickness)
                {
                    failures.Add(Issue(part, "wall_thickness", minWall.Value, "mm", $">= {F(rules.MinimumWallThickness)} mm",
                        $"the thinnest wall is {F(minWall.Value)} mm; the melt does not fill walls under {F(rules.MinimumWallThickness)} mm"));
                }

                if (maxWall > rules.MaximumWallThickness)
                {
                    failures.Add(Issue(part, "wall_thickness", maxWall.Value, "mm", $"<= {F(rules.MaximumWallThickness)} mm",
                        $"the thickest section is {F(maxWall.Value)} mm; sections over {F(rules.MaximumWallThickness)} mm sink and warp, core them out"));
                }

                break;
        }

        return new ManufacturabilityReport(part, process, failures, notes, minWall, maxWall);
    }

    private static void CheckEnvelope(string part, string rule, Vec3 size, IReadOnlyList<double> envelope, List<ManufacturabilityIssue> failures)
    {
        var sorted = new[] { size.X, size.Y, size.Z }.Order().ToArray();
        var limits = envelope.Order().ToArray();
        if (sorted.Zip(limits).Any(p => p.First > p.Second))
        {
            failures.Add(Issue(part, rule, sorted[^1], "mm", $"{F(envelope[0])} x {F(envelope[1])} x {F(envelope[2])} mm",
                $"the part is {F(size.X)} x {F(size.Y)} x {F(size.Z)} mm and does not fit the machine"));
        }
    }

    /// <summary>Down-facing faces steeper than the overhang angle, except those resting on the bed.</summary>
    private static string OverhangNote(TriangleMesh mesh, ManufacturingRules rules)
    {
        var bed = mesh.Bounds.Min.Z;
        var limit = -Math.Sin(rules.OverhangAngleDegrees * Math.PI / 180);
        double area = 0, total = 0, worst = 0;
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var faceArea = mesh.Area(t);
            total += faceArea;
            var n = mesh.Normal(t);
            var (a, b, c) = mesh.Corners(t);
            var onBed = Math.Max(a.Z, Math.Max(b.Z, c.Z)) - bed < 1e-6;
            if (n.Z < limit && !onBed)
            {
                area += faceArea;
                worst = Math.Max(worst, Math.Asin(Math.Min(1, -n.Z)) * 180 / Math.PI);
            }
        }

        return area <= 0
            ? $"overhang: none beyond {F(rules.OverhangAngleDegrees)}° (prints without support)"
            : $"overhang: {F(area)} mm² ({F(100 * area / total)}% of the surface) beyond {F(rules.OverhangAngleDegrees)}°, steepest {F(worst)}° from vertical; needs support material";
    }

    /// <summary>
    /// Area of faces a straight tool cannot reach: facing away from +Z (except on the bottom plane),
    /// or with material straight above them. With <paramref name="fromBelowToo"/> a face also counts as
    /// reachable from -Z (two-piece mould).
    /// </summary>
    private static double UnreachableArea(MeshRaycaster raycaster, bool fromBelowToo)
    {
        var mesh = raycaster.Mesh;
        var bounds = mesh.Bounds;
        var epsilon = Math.Max(bounds.Size.Length, 1) * 1e-6;
        double area = 0;
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var n = mesh.Normal(t);
            var (a, b, c) = mesh.Corners(t);
            var centroid = ((a + b + c) / 3) + (n * epsilon);
            var onBottom = Math.Max(a.Z, Math.Max(b.Z, c.Z)) - bounds.Min.Z < 1e-6;
            var onTop = bounds.Max.Z - Math.Min(a.Z, Math.Min(b.Z, c.Z)) < 1e-6;
            var fromTop = n.Z > -1e-6 && raycaster.Cast(centroid, Up, t) is null;
            var reachable = fromTop || (!fromBelowToo && onBottom) ||
                (fromBelowToo && (onTop || (n.Z < 1e-6 && raycaster.Cast(centroid, -Up, t) is null)));
            if (!reachable)
            {
                area += mesh.Area(t);
            }
        }

        return area;
    }

    /// <summary>
    /// Concave edges running along Z (the mill axis) are internal corners. A turn of 50° or more at one edge
    /// counts as sharp (radius 0); smaller turns are facets of an arc whose radius is estimated from the facet width.
    /// </summary>
    private static double? SmallestInternalCornerRadius(TriangleMesh mesh)
    {
        var edges = new Dictionary<(int, int), List<int>>();
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var (a, b, c) = mesh.Triangles[t];
            foreach (var (u, v) in new[] { (a, b), (b, c), (c, a) })
            {
                var key = u < v ? (u, v) : (v, u);
                if (!edges.TryGetValue(key, out var list))
                {
                    edges[key] = list = new List<int>(2);
                }

                list.Add(t);
            }
        }

        double? smallest = null;
        foreach (var ((u, v), users) in edges)
        {
            if (users.Count != 2)
            {
                continue;
            }

            var pu = mesh.Vertices[u];
            var pv = mesh.Vertices[v];
            var direction = (pv - pu).Normalized();
            if (Math.Abs(direction.Z) < Math.Cos(10 * Math.PI / 180))
            {
                continue;
            }

            var n1 = mesh.Normal(users[0]);
            var n2 = mesh.Normal(users[1]);
            var far2 = FarVertex(mesh, users[1], u, v);
            if ((far2 - pu).Dot(n1) <= 1e-9)
            {
                continue; // convex or flat
            }

            var turn = Math.Acos(Math.Clamp(n1.Dot(n2), -1, 1));
            double radius;
            if (turn >= 50 * Math.PI / 180)
            {
                radius = 0;
            }
            else
            {
                var width = Math.Min(DistanceToLine(FarVertex(mesh, users[0], u, v), pu, direction), DistanceToLine(far2, pu, direction));
                radius = width / (2 * Math.Sin(turn / 2));
            }

            smallest = smallest is null ? radius : Math.Min(smallest.Value, radius);
        }

        return smallest;
    }

    private static Vec3 FarVertex(TriangleMesh mesh, int triangle, int u, int v)
    {
        var (a, b, c) = mesh.Triangles[triangle];
        var far = a != u && a != v ? a : b != u && b != v ? b : c;
        return mesh.Vertices[far];
    }

    private static double DistanceToLine(Vec3 point, Vec3 origin, Vec3 unitDirection)
    {
        var offset = point - origin;
        return (offset - (unitDirection * offset.Dot(unitDirection))).Length;
    }

    /// <summary>Smallest draft among walls (faces within 45° of the Z axis) and the wall area below the required draft.</summary>
    private static (double Degrees, double Area) SmallestDraft(TriangleMesh mesh, double required)
    {
        var smallest = 90.0;
        var lowArea = 0.0;
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var n = mesh.Normal(t);
            var draft = Math.Asin(Math.Min(1, Math.Abs(n.Z))) * 180 / Math.PI;
            if (draft >= 45)
            {
                continue;
            }

            if (draft < smallest - 1e-9)
            {
                smallest = draft;
            }

            if (draft < required)
            {
                lowArea += mesh.Area(t);
            }
        }

        return (smallest, lowArea);
    }

    /// <summary>
    /// Wall thickness from rays cast inward along each face's normal, from its centroid and edge midpoints.
    /// The thinnest wall is the shortest ray; the thickest section is the diameter of the largest ball
    /// centred half-way along any ray (a ray across a plate's edge measures its width, the ball its thickness).
    /// </summary>
    private static (double? Min, double? Max) WallThickness(MeshRaycaster raycaster)
    {
        var mesh = raycaster.Mesh;
        double? min = null, max = null;
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var n = mesh.Normal(t);
            var (a, b, c) = mesh.Corners(t);
            foreach (var origin in new[] { (a + b + c) / 3, (a + b) / 2, (b + c) / 2, (c + a) / 2 })
            {
                if (raycaster.Cast(origin, -n, t) is not { } ray)
                {
                    continue;
                }

                min = min is null ? ray : Math.Min(min.Value, ray);
                var ball = 2 * raycaster.DistanceToSurface(origin - (n * (ray / 2)));
                max = max is null ? ball : Math.Max(max.Value, ball);
            }
        }

        return (min, max);
    }

    private static ManufacturabilityIssue Issue(string part, string rule, double measured, string unit, string limit, string message) =>
        new(part, rule, Math.Round(measured, 3), unit, limit, $"part '{part}' fails '{rule}': {message}");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
