namespace Leviathan.Engineering.Meshes;

/// <summary>The file is not a readable STL.</summary>
public sealed class StlFormatException(string message) : Exception(message);
