using System.ComponentModel;

namespace Leviathan.Engineering.Tools;

/// <summary>Arguments of <c>cad_render</c>.</summary>
public sealed record CadRenderArguments(
    [property: Description("Part names from solution.json to draw (default: all), placed where solution.json puts them.")]
    IReadOnlyList<string>? Parts = null,
    [property: Description("Cameras among iso, top, front, side (default: iso); one image each.")]
    IReadOnlyList<RenderView>? Views = null,
    [property: Description("Also draw the benchmark: fixtures (grey), payload at its start (orange), build zone (blue), goal zone (green), forbid zones (red). Default false.")]
    bool? WithEnvironment = null);
