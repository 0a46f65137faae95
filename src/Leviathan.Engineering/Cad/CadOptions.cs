namespace Leviathan.Engineering.Cad;

/// <summary>Where OpenSCAD is, where rendered meshes are cached, and how long a render may take.</summary>
public sealed record CadOptions
{
    public string OpenScadPath { get; init; } = "openscad";

    public string XvfbRunPath { get; init; } = "xvfb-run";

    /// <summary>Rendered STL files by content hash; shared between runs and processes.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>
    /// The most the cached renders may take on disk (bytes, default 1 GiB); beyond it the least recently used are
    /// removed. Keep it far above what one evaluation reads (a few megabytes), whose meshes must stay while it runs.
    /// </summary>
    public long MaxCacheBytes { get; init; } = 1L << 30;

    /// <summary>The clock that stamps cache entries when they are written or used.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);
}
