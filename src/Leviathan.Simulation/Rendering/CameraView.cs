using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Rendering;

/// <summary>Where the camera looks from. Every view frames the whole scene as it stands at t = 0.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CameraView>))]
public enum CameraView
{
    /// <summary>From the front left and above (azimuth 45°, elevation 30° down): depth and height at once.</summary>
    [JsonStringEnumMemberName("iso")]
    Iso,

    /// <summary>Straight down: x to the right, y up the image.</summary>
    [JsonStringEnumMemberName("top")]
    Top,

    /// <summary>From −y towards +y: x to the right, z up.</summary>
    [JsonStringEnumMemberName("front")]
    Front,

    /// <summary>From −x towards +x: y to the left, z up.</summary>
    [JsonStringEnumMemberName("side")]
    Side,
}
