namespace Leviathan.Engineering.Solving;

/// <summary>How the baseline solver drives one motor (see <see cref="MotorControls"/>).</summary>
internal enum ControlPattern
{
    /// <summary>One move from rest to a target (a <c>ramp</c> control).</summary>
    Ramp,

    /// <summary>A move to a target, a hold, and a move back out of the way (a <c>waypoints</c> control).</summary>
    StrokeAndReturn,

    /// <summary>A move out of the way first, a hold, and then the stroke to the target (a <c>waypoints</c> control).</summary>
    RetreatThenStroke,
}
