using System.Security.Cryptography;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Parts;

/// <summary>Renders an OpenSCAD part and computes what the engineering checks need from its mesh.</summary>
public sealed class PartAnalyzer(OpenScadClient cad)
{
    public OpenScadClient Cad => cad;

    public async Task<PartAnalysis> AnalyzeAsync(string scadPath, CancellationToken cancellationToken)
    {
        var render = await cad.RenderFileAsync(scadPath, cancellationToken);
        if (render.StlPath is null)
        {
            return new PartAnalysis(render, null);
        }

        var bytes = await File.ReadAllBytesAsync(render.StlPath, cancellationToken);
        var mesh = StlReader.Parse(bytes);
        var part = new CadPart(
            render.Source,
            render.StlPath,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            mesh,
            MeshProperties.Compute(mesh),
            MeshTopology.Analyze(mesh));
        return new PartAnalysis(render, part);
    }
}
