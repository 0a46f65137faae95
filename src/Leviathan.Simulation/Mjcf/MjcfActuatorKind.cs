namespace Leviathan.Simulation.Mjcf;

/// <summary>Actuator elements: a motor (control = torque or force × gear), a position servo, a velocity servo.</summary>
public enum MjcfActuatorKind
{
    Motor,
    Position,
    Velocity,
}
