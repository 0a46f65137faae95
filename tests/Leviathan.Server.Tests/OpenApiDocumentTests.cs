using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// The committed docs/openapi.json is what the code generates. After an intended API change, regenerate it with
    /// <c>LEVIATHAN_WRITE_OPENAPI=1 dotnet test tests/Leviathan.Server.Tests --filter OpenApiDocumentTests</c> and commit it.
    /// </summary>
    [Fact]
    public async Task CommittedDocument_MatchesTheGeneratedOne()
    {
        var generated = await GeneratedAsync();
        if (Environment.GetEnvironmentVariable("LEVIATHAN_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(RepositoryFiles.OpenApiDocument, generated);
        }

        File.Exists(RepositoryFiles.OpenApiDocument).ShouldBeTrue("docs/openapi.json is missing; write it with LEVIATHAN_WRITE_OPENAPI=1");
        var committed = await File.ReadAllTextAsync(RepositoryFiles.OpenApiDocument);
        committed.ReplaceLineEndings("\n").ShouldBe(
            generated,
            "docs/openapi.json differs from what the code generates; if the API change is intended, regenerate it with LEVIATHAN_WRITE_OPENAPI=1 dotnet test tests/Leviathan.Server.Tests --filter OpenApiDocumentTests");
    }

    [Fact]
    public async Task EveryOperation_HasAnIdASummaryAndItsErrorStatuses_AndInputsForbidUnknownFields()
    {
        var document = JsonNode.Parse(await GeneratedAsync())!.AsObject();
        document["openapi"]!.GetValue<string>().ShouldStartWith("3.1");
        var ids = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]?.GetValue<string>();
                id.ShouldNotBeNullOrEmpty($"{method} {path} has no operationId");
                ids.Add(id).ShouldBeTrue($"operationId {id} is used twice");
                operation["summary"]?.GetValue<string>().ShouldNotBeNullOrEmpty($"{id} has no summary");
                var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
                if (path.StartsWith("/v1/", StringComparison.Ordinal))
                {
                    statuses.ShouldContain("401", $"{id} does not declare 401");
                    statuses.ShouldContain("403", $"{id} does not declare 403");
                    statuses.ShouldContain("429", $"{id} does not declare 429");
                    operation["security"].ShouldNotBeNull($"{id} does not declare the bearer key");
                }

                if (path.Contains("{id}", StringComparison.Ordinal))
                {
                    statuses.ShouldContain("400", $"{id} takes an id but does not declare 400");
                }

                if (operation["requestBody"] is { } body)
                {
                    statuses.ShouldContain("400");
                    statuses.ShouldContain("413");
                    statuses.ShouldContain("415");
                    var reference = body["content"]!.AsObject().Single().Value!["schema"]!["$ref"]!.GetValue<string>();
                    var schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
                    if (body["content"]!["application/json"] is null)
                    {
                        // The only other body is an archive: bytes, nothing to forbid.
                        body["content"]!["application/gzip"].ShouldNotBeNull($"{id} takes a body that is neither JSON nor an archive");
                        schema["format"]!.GetValue<string>().ShouldBe("binary");
                        continue;
                    }

                    schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse($"{reference} allows unknown properties");
                }
            }
        }

        ids.Count.ShouldBeGreaterThanOrEqualTo(14);
    }

    [Fact]
    public void EveryRequestAndResponseSchema_HasAnExample_ThatMatchesTheSchema()
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryFiles.OpenApiDocument))!.AsObject();
        var validator = new Contract.SchemaValidator(document);
        var used = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => (o.Value!["requestBody"]?["content"]?.AsObject() ?? []).Concat(o.Value!["responses"]!.AsObject().SelectMany(r => r.Value!["content"]?.AsObject() ?? [])))
            .Select(c => c.Value!["schema"]?["$ref"]?.GetValue<string>())
            .OfType<string>()
            .Select(r => r.Split('/')[^1])
            .Where(name => name != "Stream")
            .ToHashSet();
        used.Count.ShouldBeGreaterThan(10);
        foreach (var name in used)
        {
            var schema = document["components"]!["schemas"]![name]!;
            var examples = schema["examples"]?.AsArray();
            examples.ShouldNotBeNull($"{name} has no example");
            foreach (var example in examples)
            {
                validator.Errors(schema, JsonDocument.Parse(example!.ToJsonString()).RootElement).ShouldBeEmpty($"the example of {name} breaks its schema: {example.ToJsonString()}");
            }
        }
    }

    private async Task<string> GeneratedAsync()
    {
        using var client = _server.Client((ApiKeyRole?)null);
        var response = await client.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
