namespace Leviathan.Simulation;

/// <summary>
/// The simulation infrastructure failed: MuJoCo is missing or has the wrong version, a worker process
/// could not start or died, or a request timed out. Problems with a model are results, not exceptions.
/// </summary>
public sealed class SimulationException : Exception
{
    public SimulationException(string message)
        : base(message)
    {
    }

    public SimulationException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
