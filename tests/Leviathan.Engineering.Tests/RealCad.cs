using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Processes;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Engineering.Tests;

/// <summary>Real OpenSCAD with the shared test cache.</summary>
internal static class RealCad
{
    /// <summary>OpenSCAD in the real bubblewrap sandbox, as in production.</summary>
    public static IProcessRunner Runner { get; } = ProcessRunners.Create(new SandboxOptions());

    public static OpenScadClient Client(string? cache = null) =>
        new(new CadOptions { CacheDirectory = cache ?? TestPaths.CadCache }, Runner);

    public static PartAnalyzer Analyzer(string? cache = null) => new(Client(cache));

    /// <summary>Writes an OpenSCAD program into the folder and analyses it.</summary>
    public static async Task<PartAnalysis> AnalyzeAsync(string folder, string name, string source, string? cache = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, source);
        return await Analyzer(cache).AnalyzeAsync(path, CancellationToken.None);
    }
}
