namespace Leviathan.Simulation.Rendering;

/// <summary>Where the camera looks from. Every view frames the whole scene as it stands at t = 0.</summary>
public enum CameraView
{
    /// <summary>From the front left and above (azimuth 45°, elevation 30° down): depth and height at once.</summary>
    Iso,

    /// <summary>Straight down: x to the right, y up the image.</summary>
    Top,

    /// <summary>From −y towards +y: x to the right, z up.</summary>
    Front,

    /// <summary>From +x towards −x: y to the right, z up.</summary>
    Side,
}
