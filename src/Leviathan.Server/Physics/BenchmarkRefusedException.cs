namespace Leviathan.Server.Physics;

/// <summary>A benchmark the server will not copy for an attempt (too large, not JSON, a mesh outside its folder); the message says why.</summary>
internal sealed class BenchmarkRefusedException(string message) : Exception(message);
