using System.Text.Json.Serialization;

namespace Leviathan.Engineering.Tools;

/// <summary>A camera for <c>cad_render</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RenderView>))]
public enum RenderView
{
    /// <summary>From above, in front and to the side.</summary>
    Iso,

    /// <summary>Looking down the z axis (orthographic).</summary>
    Top,

    /// <summary>Looking along +y (orthographic): x to the right, z up.</summary>
    Front,

    /// <summary>Looking along -x (orthographic): y to the right, z up.</summary>
    Side,
}
