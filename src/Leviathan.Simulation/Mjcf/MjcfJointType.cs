namespace Leviathan.Simulation.Mjcf;

/// <summary>Joint kinds (MJCF <c>type</c>, lower-case in XML).</summary>
public enum MjcfJointType
{
    Free,
    Ball,
    Slide,
    Hinge,
}
