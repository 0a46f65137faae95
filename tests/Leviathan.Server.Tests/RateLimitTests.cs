using System.Net;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task ManyRequests_FromOneKey_Get429WithRetryAfter_WhileAnotherKeyIsServed()
    {
        await using var server = await RunningServer.StartAsync(o => o with { RateLimitBurst = 3, RateLimitPerSecond = 1 });
        using var viewer = server.Client(ApiKeyRole.Viewer);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await viewer.GetAsync("/v1/runs");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        limited.ShouldNotBeNull($"no request was limited: {string.Join(", ", statuses)}");
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "urn:leviathan:problem:rate-limited");
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);

        using var operatorClient = server.Client(ApiKeyRole.Operator);
        (await operatorClient.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
