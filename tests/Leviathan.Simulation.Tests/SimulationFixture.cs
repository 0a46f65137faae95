using Leviathan.Testing;

namespace Leviathan.Simulation.Tests;

/// <summary>One client (and its worker processes) shared by the tests of a class, plus a scratch folder.</summary>
public sealed class SimulationFixture : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-sim");

    public SimulationClient Client { get; } = new(new SimulationClientOptions { MaxWorkers = 2, RequestTimeout = TimeSpan.FromMinutes(3) });

    /// <summary>Writes a model file into a fresh folder and returns its path.</summary>
    public string Write(string xml, string name = "model.xml")
    {
        var folder = _temp.Combine(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, xml);
        return path;
    }

    public void Dispose()
    {
        Client.Dispose();
        _temp.Dispose();
    }
}
