using Leviathan.Models.Profiles;

namespace Leviathan.Models.Probing;

/// <summary>The context window a run uses for a profile, and where it comes from.</summary>
/// <param name="Profile">The profile, with <see cref="ModelProfile.ContextWindow"/> set to the window to use.</param>
/// <param name="Source">Where the window comes from, for the run header: the setting, the server's report, or an assumption.</param>
/// <param name="Assumed">True when nothing told us the window: <see cref="ModelCatalogParser.DefaultContextWindow"/> is used.</param>
public sealed record ContextWindowResolution(ModelProfile Profile, string Source, bool Assumed)
{
    /// <summary>One line for the run header, e.g. <c>32768 tokens (detected: llama.cpp GET /props n_ctx)</c>.</summary>
    public string Describe() => $"{Profile.ContextWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)} tokens ({Source})";
}
