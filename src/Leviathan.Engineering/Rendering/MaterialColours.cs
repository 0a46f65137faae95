using Leviathan.Simulation.Mjcf;

namespace Leviathan.Engineering.Rendering;

/// <summary>
/// The colour a part is drawn in, by material, so renders show what each part is made of. None is close to the
/// payload's orange, the fixtures' grey, or the zones' green, red and blue.
/// </summary>
public static class MaterialColours
{
    /// <summary>Parts of a material without a colour of its own.</summary>
    public static Rgba Default { get; } = new(0.2, 0.5, 0.9, 1);

    private static readonly Dictionary<string, Rgba> Colours = new(StringComparer.Ordinal)
    {
        ["pla"] = new Rgba(0.95, 0.82, 0.2, 1), // yellow
        ["abs"] = new Rgba(0.4, 0.32, 0.68, 1), // violet
        ["aluminium_6061"] = new Rgba(0.78, 0.82, 0.9, 1), // light silver
        ["steel"] = new Rgba(0.33, 0.36, 0.4, 1), // dark steel grey
        ["hardwood"] = new Rgba(0.56, 0.36, 0.17, 1), // brown
    };

    /// <summary>The colour of parts made of the material with this id.</summary>
    public static Rgba Of(string materialId) => Colours.GetValueOrDefault(materialId, Default);
}
