using System.Net;
using Leviathan.Persistence.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace Leviathan.Server.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Healthz_WithoutKey_IsOk()
    {
        using var client = _server.Client((ApiKeyRole?)null);
        var response = await client.GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"status\":\"ok\"");
    }

    [Fact]
    public async Task Readyz_WithoutKey_ReportsTheStoreCheck()
    {
        using var client = _server.Client((ApiKeyRole?)null);
        var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("\"name\":\"store\",\"ok\":true");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Readyz_ReportsTheQueueWorkers_And503OnceTheyStopped()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Workers = 3 });
        using var client = server.Client((ApiKeyRole?)null);
        var ready = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/readyz")).RootElement;
        var queue = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "queue");
        queue.GetProperty("ok").GetBoolean().ShouldBeTrue(queue.ToString());
        queue.GetProperty("detail").GetString()!.ShouldStartWith("3 of 3 workers running; 0 jobs queued, 0 running");

        await server.Services.GetRequiredService<Leviathan.Server.Jobs.JobWorkerPool>().StopAsync(CancellationToken.None);

        var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
        body.ShouldContain("\"name\":\"queue\",\"ok\":false");
        body.ShouldContain("0 of 3 workers running");
    }

    [Fact]
    public async Task Runs_WithoutKey_Is401ProblemWithBearerChallenge()
    {
        using var client = _server.Client((ApiKeyRole?)null);
        var response = await client.GetAsync("/v1/runs");
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "urn:leviathan:problem:unauthenticated");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task Runs_WithWrongKey_Is401()
    {
        using var client = _server.Client("lvk_not-a-real-key");
        await (await client.GetAsync("/v1/runs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "urn:leviathan:problem:unauthenticated");
    }

    [Fact]
    public async Task Runs_WithRevokedKey_Is401()
    {
        var created = await _server.KeyStore.CreateAsync("soon-gone", ApiKeyRole.Viewer);
        using var client = _server.Client(created.Secret);
        (await client.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _server.KeyStore.RevokeAsync(created.Record.Id);

        await (await client.GetAsync("/v1/runs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "urn:leviathan:problem:unauthenticated");
    }

    [Fact]
    public async Task UnknownRunAndUnknownPath_WithoutKey_AreBoth401_SoNothingLeaks()
    {
        var run = await _server.SeedRunAsync();
        using var anonymous = _server.Client((ApiKeyRole?)null);
        (await anonymous.GetAsync($"/v1/runs/{run.Id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"/v1/runs/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/v1/no-such-thing")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminEndpoint_WithViewerOrOperatorKey_Is403_WithAdminKey_IsOk()
    {
        foreach (var role in new[] { ApiKeyRole.Viewer, ApiKeyRole.Operator })
        {
            using var client = _server.Client(role);
            await (await client.GetAsync("/v1/admin/keys")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
        }

        using var admin = _server.Client(ApiKeyRole.Admin);
        (await admin.GetAsync("/v1/admin/keys")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownPath_WithKey_Is404Problem()
    {
        using var client = _server.Client(ApiKeyRole.Viewer);
        await (await client.GetAsync("/v1/no-such-thing")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
    }
}
