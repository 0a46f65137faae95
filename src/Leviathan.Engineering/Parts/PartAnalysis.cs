using Leviathan.Engineering.Cad;

namespace Leviathan.Engineering.Parts;

/// <summary>The render of a part file and, when it rendered, the analysed part.</summary>
public sealed record PartAnalysis(CadRender Render, CadPart? Part)
{
    public bool Succeeded => Part is not null;
}
