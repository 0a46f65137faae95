namespace Leviathan.Tools.Contract;

/// <summary>
/// An image a tool attaches to its result for a model that can see (the loop sends it as image content).
/// </summary>
/// <param name="Path">Workspace-relative path of the stored image.</param>
/// <param name="MediaType">For example <c>image/png</c>.</param>
/// <param name="Data">The image's bytes.</param>
public sealed record ToolImage(string Path, string MediaType, ReadOnlyMemory<byte> Data);
