using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

public sealed class KeysApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _admin = _server.Client(ApiKeyRole.Admin);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateKey_ShowsTheSecretOnce_ItWorks_AndRevokingStopsIt()
    {
        var response = await _admin.PostAsync("/v1/admin/keys", Json("""{"name":"ci","role":"viewer"}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var secret = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetGuid();
        created.GetProperty("role").GetString().ShouldBe("viewer");
        response.Headers.Location!.ToString().ShouldBe($"/v1/admin/keys/{id}");

        var listed = await _admin.GetStringAsync("/v1/admin/keys");
        listed.ShouldContain("\"name\":\"ci\"");
        listed.ShouldNotContain(secret);

        using var ci = _server.Client(secret);
        (await ci.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ci.GetAsync("/v1/admin/keys")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var revoked = await _admin.DeleteAsync($"/v1/admin/keys/{id}");
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked_at").ValueKind.ShouldBe(JsonValueKind.String);
        (await ci.GetAsync("/v1/runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StoredKeys_HoldOnlyAHash()
    {
        var response = await _admin.PostAsync("/v1/admin/keys", Json("""{"name":"hash-check","role":"operator"}"""));
        var secret = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        await _server.Store.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_server.Home, "leviathan.db"));
        var wal = Path.Combine(_server.Home, "leviathan.db-wal");
        var all = Encoding.ASCII.GetString(bytes) + (File.Exists(wal) ? Encoding.ASCII.GetString(await File.ReadAllBytesAsync(wal)) : "");
        all.ShouldNotContain(secret);
        all.ShouldContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    }

    [Theory]
    [InlineData("""{"name":"x","role":"root"}""", "role")]
    [InlineData("""{"name":"x"}""", "role")]
    [InlineData("""{"role":"admin"}""", "name")]
    [InlineData("""{"name":"x","role":"admin","extra":1}""", "extra")]
    [InlineData("""{"name":42,"role":"admin"}""", "name")]
    [InlineData("""{"name":null,"role":"admin"}""", "name")]
    [InlineData("""{"name":"","role":"admin"}""", "name")]
    [InlineData("{\"name\":\"x\",\"role\":\"admin\"", "body")]
    public async Task CreateKey_InvalidBody_Is400NamingTheField(string body, string field)
    {
        await (await _admin.PostAsync("/v1/admin/keys", Json(body))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", field);
    }

    [Fact]
    public async Task CreateKey_BodyOverTheLimit_Is413Problem()
    {
        var name = new string('a', 8 * 1024);
        await (await _admin.PostAsync("/v1/admin/keys", Json($$"""{"name":"{{name}}","role":"admin"}"""))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "urn:leviathan:problem:body-too-large");
    }

    [Fact]
    public async Task CreateKey_NotJson_Is415Problem()
    {
        await (await _admin.PostAsync("/v1/admin/keys", new StringContent("name=x", Encoding.UTF8, "text/plain"))).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "urn:leviathan:problem:unsupported-media-type");
    }

    [Fact]
    public async Task RevokeKey_Unknown_Is404()
    {
        await (await _admin.DeleteAsync($"/v1/admin/keys/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
