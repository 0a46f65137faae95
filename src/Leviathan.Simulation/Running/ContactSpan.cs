namespace Leviathan.Simulation.Running;

/// <summary>
/// Contact between a body named in <see cref="SimulationRequest.ContactBodies"/> and one other geom, as seen at
/// the trajectory samples: the first and last sample time it was in contact and how many samples saw it.
/// </summary>
public sealed record ContactSpan
{
    /// <summary>The tracked body.</summary>
    public required string Body { get; init; }

    /// <summary>The geom it touched (its name; an unnamed geom as <c>#id of body 'name'</c>).</summary>
    public required string Other { get; init; }

    /// <summary>Simulated time (seconds) of the first sample in contact.</summary>
    public required double First { get; init; }

    /// <summary>Simulated time (seconds) of the last sample in contact.</summary>
    public required double Last { get; init; }

    /// <summary>Samples at which the contact was present.</summary>
    public required int Samples { get; init; }
}
