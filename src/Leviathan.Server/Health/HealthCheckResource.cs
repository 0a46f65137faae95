namespace Leviathan.Server.Health;

/// <summary>One readiness check: what it looked at, whether it passed, and why not.</summary>
internal sealed record HealthCheckResource(string Name, bool Ok, string Detail);
