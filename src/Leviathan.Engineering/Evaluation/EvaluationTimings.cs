namespace Leviathan.Engineering.Evaluation;

/// <summary>Wall-clock seconds per phase.</summary>
public sealed record EvaluationTimings(double CadSeconds, double ChecksSeconds, double SimulationSeconds)
{
    public double TotalSeconds => CadSeconds + ChecksSeconds + SimulationSeconds;
}
