namespace Leviathan.Simulation.Running;

/// <summary>A control held at one value.</summary>
public sealed record ConstantControl(double Value) : ControlSignal
{
    public override double ValueAt(double time) => Value;

    internal override bool IsConstant => true;
}
