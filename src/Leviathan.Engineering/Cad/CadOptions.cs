namespace Leviathan.Engineering.Cad;

/// <summary>Where OpenSCAD is, where rendered meshes are cached, and how long a render may take.</summary>
public sealed record CadOptions
{
    public string OpenScadPath { get; init; } = "openscad";

    public string XvfbRunPath { get; init; } = "xvfb-run";

    /// <summary>Rendered STL files by content hash; shared between runs.</summary>
    public required string CacheDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);
}
