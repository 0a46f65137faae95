using System.ComponentModel;

namespace Leviathan.Server.Health;

/// <summary>The answer of <c>/healthz</c> and <c>/readyz</c>.</summary>
internal sealed record HealthResource(
    [property: Description("ok, ready or not_ready.")] string Status,
    IReadOnlyList<HealthCheckResource> Checks);
