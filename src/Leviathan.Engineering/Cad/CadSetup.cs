using Leviathan.Engineering.Processes;
using Leviathan.Engineering.Parts;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Engineering.Cad;

/// <summary>Builds the CAD pipeline from options: OpenSCAD behind the chosen sandbox.</summary>
public static class CadSetup
{
    /// <param name="options">OpenSCAD, the cache and the time limit.</param>
    /// <param name="sandbox">The backend OpenSCAD runs in.</param>
    /// <param name="leviathanHome">The Leviathan home, hidden from OpenSCAD like from every sandboxed command.</param>
    /// <exception cref="SandboxUnavailableException">The sandbox backend cannot run here.</exception>
    public static PartAnalyzer CreateAnalyzer(CadOptions options, SandboxKind sandbox, string? leviathanHome = null) =>
        new(new OpenScadClient(options, ProcessRunners.Create(new SandboxOptions { Kind = sandbox, LeviathanHome = leviathanHome })));
}
