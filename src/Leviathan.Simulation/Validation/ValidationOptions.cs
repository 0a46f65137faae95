namespace Leviathan.Simulation.Validation;

/// <summary>How strictly <see cref="SimulationClient.ValidateAsync"/> checks a model.</summary>
public sealed record ValidationOptions
{
    /// <summary>Physics steps to run looking for instability (default 500).</summary>
    public int Frames { get; init; } = 500;

    /// <summary>Largest geom overlap at t = 0 that is accepted, in millimetres (default 1).</summary>
    public double PenetrationToleranceMm { get; init; } = 1.0;

    /// <summary>Any joint speed (m/s or rad/s) above this counts as instability (default 1000).</summary>
    public double MaxSpeed { get; init; } = 1000.0;

    internal void Check()
    {
        if (Frames is < 0 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Frames), Frames, "frames must be from 0 to 10000000");
        }

        if (!double.IsFinite(PenetrationToleranceMm) || PenetrationToleranceMm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PenetrationToleranceMm), PenetrationToleranceMm, "the penetration tolerance must be a finite number of millimetres >= 0");
        }

        if (!(MaxSpeed > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpeed), MaxSpeed, "the speed limit must be > 0");
        }
    }
}
