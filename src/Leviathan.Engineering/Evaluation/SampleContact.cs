namespace Leviathan.Engineering.Evaluation;

/// <summary>What the payload touched during one sample, as seen at the recorded instants.</summary>
public sealed record SampleContact
{
    /// <summary>What it touched, in the spec's words: <c>fixture 'floor'</c>, <c>part 'ramp'</c>, <c>motor 'arm'</c>.</summary>
    public required string With { get; init; }

    /// <summary>First recorded time in contact (seconds).</summary>
    public required double First { get; init; }

    /// <summary>Last recorded time in contact (seconds).</summary>
    public required double Last { get; init; }
}
