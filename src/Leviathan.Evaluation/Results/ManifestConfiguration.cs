namespace Leviathan.Evaluation.Results;

/// <summary>A configuration as the manifest records it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="File">The YAML it came from; null for <c>default</c>.</param>
/// <param name="Description">What it changes, in one line.</param>
public sealed record ManifestConfiguration(string Name, string? File, string Description);
