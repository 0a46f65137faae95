namespace Leviathan.Simulation.Running;

/// <summary><c>Offset + Amplitude * sin(2π FrequencyHz t + Phase)</c>.</summary>
public sealed record SineControl(double Amplitude, double FrequencyHz, double Phase = 0, double Offset = 0) : ControlSignal
{
    public override double ValueAt(double time) => Offset + (Amplitude * Math.Sin((2 * Math.PI * FrequencyHz * time) + Phase));

    internal override bool SettledFrom(double time) => Amplitude == 0 || FrequencyHz == 0;
}
