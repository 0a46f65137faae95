using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Global physics settings.</summary>
public sealed record WorldSpec
{
    [Doc("Gravity in m/s^2.")]
    [FixedLength(3)]
    public IReadOnlyList<double> Gravity { get; set; } = [0, 0, -9.81];

    [Doc("Simulation time step in seconds (0 < timestep <= 0.01).")]
    public double Timestep { get; set; } = 0.002;

    [Doc("The world box: a payload or free part whose centre leaves it fails the sample at once ('left_world'). Default: the box around the fixtures, zones, motor anchors and the payloads' starts, 0.1 m wider on every side and 1 m higher.")]
    public ZoneSpec? Bounds { get; set; }
}
