namespace Leviathan.Engineering.Generation;

/// <summary>Measures the proofs of one candidate one after the other (<see cref="CandidatePhases"/>).</summary>
internal sealed class PhaseClock(TimeProvider time)
{
    private long _lap = time.GetTimestamp();

    public CandidatePhases Phases { get; private set; } = new();

    /// <summary>Records the seconds since the previous lap with <paramref name="set"/>.</summary>
    public void Lap(Func<CandidatePhases, double, CandidatePhases> set)
    {
        var now = time.GetTimestamp();
        Phases = set(Phases, Math.Round(time.GetElapsedTime(_lap, now).TotalSeconds, 3));
        _lap = now;
    }
}
