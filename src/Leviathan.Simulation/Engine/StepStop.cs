namespace Leviathan.Simulation.Engine;

/// <summary>Why checked stepping stopped early (values shared with the shim's lev_step_checked).</summary>
internal enum StepStop
{
    None = 0,
    MujocoWarning = 1,
    NonFinite = 2,
    TooFast = 3,
}
