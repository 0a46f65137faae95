using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Parts;
using Leviathan.Models.Profiles;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Jobs;

/// <summary>What every run the service launches shares, set by the host: the home, the model profiles and the sandbox.</summary>
internal sealed record RunLaunchDefaults(string Home, ModelCatalog? Catalog, SandboxOptions Sandbox)
{
    /// <summary>The part analyzer of the server's physics work: OpenSCAD in this sandbox kind, its renders cached under <c>HOME/cache/cad</c>.</summary>
    /// <exception cref="SandboxUnavailableException">The sandbox OpenSCAD runs in is not available.</exception>
    public PartAnalyzer CreateAnalyzer() =>
        CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = Path.Combine(Home, "cache", "cad") }, Sandbox.Kind, Home);
}
