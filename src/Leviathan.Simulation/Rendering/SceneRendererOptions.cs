namespace Leviathan.Simulation.Rendering;

/// <summary>Where <see cref="SceneRenderer"/> finds ffmpeg for videos.</summary>
public sealed record SceneRendererOptions
{
    /// <summary>The ffmpeg executable; default: <c>ffmpeg</c> found on <see cref="SearchPath"/>.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Folders searched for ffmpeg, separated as in PATH; default: this process's PATH.</summary>
    public string? SearchPath { get; init; }
}
