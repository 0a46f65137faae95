using Leviathan.Simulation;

namespace Leviathan.Engineering.Tests.Evaluation;

/// <summary>One pool of MuJoCo workers for the evaluator tests.</summary>
public sealed class SimulationFixture : IDisposable
{
    public SimulationClient Client { get; } = new(new SimulationClientOptions { MaxWorkers = 2 });

    public void Dispose() => Client.Dispose();
}
