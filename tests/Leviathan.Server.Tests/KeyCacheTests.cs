using System.Net;
using Leviathan.Persistence;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Server.Tests;

/// <summary>
/// The server trusts a key it authenticated for a short while without reading the store; a revoke must still win: at
/// once when it goes through the same store, within the cache lifetime when another process makes it.
/// </summary>
public sealed class KeyCacheTests
{
    [Fact]
    public async Task Request_AfterRevokeThroughTheApi_Is401AtOnce_ThoughTheKeyWasJustUsed()
    {
        await using var server = await RunningServer.StartAsync(o => o with { KeyCacheLifetime = TimeSpan.FromHours(1) });
        var created = await server.KeyStore.CreateAsync("cached", ApiKeyRole.Viewer);
        using var client = server.Client(created.Secret);
        (await client.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var admin = server.Client(ApiKeyRole.Admin);
        (await admin.DeleteAsync($"/v1/admin/keys/{created.Record.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await client.GetAsync("/v1/runs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "urn:leviathan:problem:unauthenticated");
    }

    [Fact]
    public async Task Authenticate_RevokedByAnotherProcess_IsRefusedOnceTheCacheLifetimePassed()
    {
        using var home = new TempDirectory("leviathan-key-cache");
        var clock = new FakeTimeProvider();
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home.Path }, clock);
        var server = new ApiKeyStore(store, clock, TimeSpan.FromSeconds(5));
        var created = await server.CreateAsync("ci", ApiKeyRole.Operator);
        (await server.AuthenticateAsync(created.Secret))!.Id.ShouldBe(created.Record.Id);

        // Another process (leviathan keys revoke) has its own store object over the same database.
        await using (var elsewhere = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home.Path }, clock))
        {
            (await new ApiKeyStore(elsewhere, clock).RevokeAsync(created.Record.Id))!.Revoked.ShouldBeTrue();
        }

        // The documented bound: still trusted within the lifetime, refused after it.
        clock.Advance(TimeSpan.FromSeconds(4));
        (await server.AuthenticateAsync(created.Secret)).ShouldNotBeNull();
        clock.Advance(TimeSpan.FromSeconds(1));
        (await server.AuthenticateAsync(created.Secret)).ShouldBeNull();
    }

    [Fact]
    public async Task Authenticate_RevokedThroughAnotherKeyStoreOverTheSameStore_IsRefusedAtOnce()
    {
        using var home = new TempDirectory("leviathan-key-cache");
        var clock = new FakeTimeProvider();
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home.Path }, clock);
        var server = new ApiKeyStore(store, clock, TimeSpan.FromHours(1));
        var created = await server.CreateAsync("ci", ApiKeyRole.Viewer);
        (await server.AuthenticateAsync(created.Secret)).ShouldNotBeNull();

        await new ApiKeyStore(store, clock).RevokeAsync(created.Record.Id);

        (await server.AuthenticateAsync(created.Secret)).ShouldBeNull();
    }
}
