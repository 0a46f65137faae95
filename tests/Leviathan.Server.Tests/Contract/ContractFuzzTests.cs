using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Leviathan.Persistence.Keys;
using Xunit.Abstractions;

namespace Leviathan.Server.Tests.Contract;

/// <summary>
/// Contract fuzzing: for every operation of the committed OpenAPI document, valid and invalid requests generated from its
/// schemas go to a real server. No 5xx; only the statuses and bodies the document declares; invalid input is a 4xx
/// problem naming the broken field; valid input is never refused as invalid. A failure prints the CsCheck seed; replay
/// it with <c>LEVIATHAN_FUZZ_SEED=&lt;seed&gt;</c>.
/// </summary>
public sealed class ContractFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CasesPerOperation = 200;
    private static readonly JsonObject Document = JsonNode.Parse(File.ReadAllText(RepositoryFiles.OpenApiDocument))!.AsObject();

    private readonly Leviathan.Testing.TempDirectory _roots = new("leviathan-fuzz-roots");
    private RunningServer _server = null!;
    private HttpClient _client = null!;
    private RequestGenerator _generator = null!;
    private readonly SchemaValidator _schemas = new(Document);

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var (_, item) in Document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                data.Add(operation!["operationId"]!.GetValue<string>());
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        // A finished evaluation with its reports, so the evaluation operations are fuzzed on a real one too, not on 404 only.
        var evaluations = new List<Guid>();
        _server = await RunningServer.StartAsync(
            options => options with { WorkspaceRoots = [_roots.Path] },
            before: async store => evaluations.Add(await Evaluations.FinishedEvaluation.SeedAsync(store, _roots.Path, Path.Combine(_roots.Path, "pack"))));
        _client = _server.Client(ApiKeyRole.Admin);
        var runs = new List<Guid>();
        var shas = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var run = await _server.SeedRunAsync($"seeded run {i}", events: 3 + i, patch: $"diff --git a/f{i} b/f{i}\n");
            runs.Add(run.Id);
            shas.AddRange((await _server.Store.ListArtifactsAsync(run.Id)).Select(a => a.Sha256));
        }

        _generator = new RequestGenerator(_schemas, runs, shas, evaluations);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _roots.Dispose();
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_AnswersOnlyWhatTheDocumentDeclares(string operationId)
    {
        var (template, method, operation) = Find(operationId);
        var seed = Environment.GetEnvironmentVariable("LEVIATHAN_FUZZ_SEED");
        output.WriteLine($"{operationId}: {CasesPerOperation} cases, seed {(seed ?? "random (printed on failure)")}");
        var valid = 0;
        var invalid = 0;
        await _generator.For(method, operation).SampleAsync(
            async request =>
            {
                await CheckAsync(template, operation, request);
                _ = request.InvalidField is null ? Interlocked.Increment(ref valid) : Interlocked.Increment(ref invalid);
            },
            writeLine: output.WriteLine,
            seed: seed,
            iter: CasesPerOperation,
            threads: 1,
            print: r => r.ToString());
        output.WriteLine($"{operationId}: {valid} valid and {invalid} invalid requests passed");
        valid.ShouldBeGreaterThan(0);
    }

    private async Task CheckAsync(string template, JsonObject operation, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToUpperInvariant()), request.Target(template));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.BodyBytes is not null)
        {
            message.Content = new ByteArrayContent(request.BodyBytes);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(request.ContentType);
        }
        else if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(message);
        var status = (int)response.StatusCode;
        if (status == 202 && request.Method == "post" && response.Headers.Location is { } location && !location.OriginalString.Contains("/cancel", StringComparison.Ordinal))
        {
            // An accepted job (a generation, for one) is cancelled at once: the fuzzer checks the contract, not the work.
            var job = location.OriginalString.Split('/')[^1];
            (await _client.PostAsync($"/v1/jobs/{job}/cancel", null)).StatusCode.ShouldBeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
        }

        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var context = $"{request} -> {status} {mediaType} {Shorten(body)}";

        status.ShouldBeLessThan(500, context);
        var declared = operation["responses"]!.AsObject();
        declared.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue($"undeclared status: {context}");
        var content = declared[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]?.AsObject();
        if (content is not null && !content.ContainsKey("*/*"))
        {
            content.ContainsKey(mediaType ?? string.Empty).ShouldBeTrue($"undeclared media type: {context}");
            var schema = content[mediaType!]!["schema"];
            if (schema is not null && mediaType!.EndsWith("json", StringComparison.Ordinal))
            {
                var errors = _schemas.Errors(schema, JsonDocument.Parse(body).RootElement);
                errors.ShouldBeEmpty($"body breaks the schema: {context}");
            }
            else if (schema is not null && mediaType == "text/event-stream")
            {
                foreach (var line in body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)))
                {
                    _schemas.Errors(schema, JsonDocument.Parse(line[6..]).RootElement).ShouldBeEmpty($"event breaks the schema: {context}");
                }
            }
        }

        if (status >= 400)
        {
            mediaType.ShouldBe("application/problem+json", context);
            JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()!.ShouldStartWith("urn:leviathan:problem:", Case.Sensitive, context);
        }

        if (request.InvalidField is { } field)
        {
            status.ShouldBeInRange(400, 499, context);
            var problem = JsonDocument.Parse(body).RootElement;
            (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _)).ShouldBeTrue($"the problem does not name '{field}': {context}");
        }
        else
        {
            status.ShouldNotBeOneOf([400, 413, 415], $"a valid request was refused: {context}");
        }
    }

    private static (string Template, string Method, JsonObject Operation) Find(string operationId)
    {
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation!["operationId"]!.GetValue<string>() == operationId)
                {
                    return (path, method, operation.AsObject());
                }
            }
        }

        throw new InvalidOperationException($"no operation {operationId}");
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
