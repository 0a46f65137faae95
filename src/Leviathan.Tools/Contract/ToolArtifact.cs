namespace Leviathan.Tools.Contract;

/// <summary>A file a tool produced or changed, named relative to the workspace.</summary>
/// <param name="Path">Workspace-relative path with forward slashes.</param>
/// <param name="Kind">What happened to it: <c>created</c>, <c>modified</c>, <c>deleted</c>, or a tool-specific word.</param>
public sealed record ToolArtifact(string Path, string Kind);
