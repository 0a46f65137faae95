namespace Leviathan.Simulation.Mjcf;

/// <summary>Geom shapes (MJCF <c>type</c>, lower-case in XML).</summary>
public enum MjcfGeomType
{
    Plane,
    Sphere,
    Capsule,
    Ellipsoid,
    Cylinder,
    Box,
    Mesh,
}
