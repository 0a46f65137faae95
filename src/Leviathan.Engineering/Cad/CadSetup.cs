using Leviathan.Engineering.Processes;
using Leviathan.Engineering.Parts;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Engineering.Cad;

/// <summary>Builds the CAD pipeline from options: OpenSCAD behind the chosen sandbox.</summary>
public static class CadSetup
{
    /// <exception cref="SandboxUnavailableException">The sandbox backend cannot run here.</exception>
    public static PartAnalyzer CreateAnalyzer(CadOptions options, SandboxKind sandbox) =>
        new(new OpenScadClient(options, ProcessRunners.Create(new SandboxOptions { Kind = sandbox })));
}
