using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Engineering.Tools;

/// <summary>Arguments of <c>cad_inspect</c>.</summary>
public sealed record CadInspectArguments(
    [property: Description("A part name from solution.json (its material, process and the benchmark's quantity give mass and cost), or a .scad file of the solution folder.")]
    [property: MinLength(1)]
    string Part);
