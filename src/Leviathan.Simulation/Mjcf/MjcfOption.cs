namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;option&gt;</c>: physics settings.</summary>
public sealed record MjcfOption
{
    public double? Timestep { get; init; }

    public Vec3? Gravity { get; init; }

    /// <summary>"Euler" or "RK4".</summary>
    public string? Integrator { get; init; }

    public double? Density { get; init; }

    public double? Viscosity { get; init; }
}
