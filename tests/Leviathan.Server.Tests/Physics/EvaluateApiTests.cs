using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Persistence.Keys;
using Leviathan.Server.Tests.Workspaces;

namespace Leviathan.Server.Tests.Physics;

/// <summary><c>POST /v1/physics/evaluate</c> with the shipped example solution: real OpenSCAD in the sandbox, real MuJoCo.</summary>
public sealed class EvaluateApiTests : IAsyncLifetime
{
    private static readonly string Benchmark = Path.Combine(RepositoryFiles.Root, "examples", "benchmarks", "ramp-to-goal.json");
    private static readonly string Solution = Path.Combine(RepositoryFiles.Root, "examples", "solutions", "ramp-to-goal");

    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _client = _server.Client(ApiKeyRole.Operator);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Evaluate_TheExampleSolution_Succeeds_AndABrokenPartIsAFailureWithItsReason()
    {
        var response = await PostAsync(Upload(), "?samples=1");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        report.GetProperty("success").GetBoolean().ShouldBeTrue(body);
        report.GetProperty("benchmark").GetString().ShouldBe("ramp-to-goal");
        report.GetProperty("samples").GetArrayLength().ShouldBeGreaterThan(0, "the solution was simulated");
        Directory.Exists(Path.Combine(_server.Home, "server-evaluations")).ShouldBeTrue();
        Directory.GetFileSystemEntries(Path.Combine(_server.Home, "server-evaluations")).ShouldBeEmpty("the upload is removed after the evaluation");

        var broken = await PostAsync(Upload(scad => scad.Replace(";", " ", StringComparison.Ordinal)), "?samples=1");

        var brokenBody = await broken.Content.ReadAsStringAsync();
        broken.StatusCode.ShouldBe(HttpStatusCode.OK, brokenBody);
        var failed = JsonDocument.Parse(brokenBody).RootElement;
        failed.GetProperty("success").GetBoolean().ShouldBeFalse();
        failed.GetProperty("reasons").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Evaluate_WithoutTheBenchmark_Is422_BadSamples_Is400_AndAViewerIs403()
    {
        var noBenchmark = Archives.Build([.. Directory.GetFiles(Solution).Select(f => Archives.File(Path.GetFileName(f), File.ReadAllText(f)))]);
        var problem = await (await PostAsync(noBenchmark, string.Empty)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:invalid-solution");
        problem.GetProperty("detail").GetString()!.ShouldContain("benchmark.json");

        await (await PostAsync(Upload(), "?samples=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "samples");
        await (await PostAsync(Archives.Build(Archives.File("../x", "y")), string.Empty)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:archive-refused");

        using var viewer = _server.Client(ApiKeyRole.Viewer);
        using var content = Content(Upload());
        await (await viewer.PostAsync("/v1/physics/evaluate", content)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
    }

    /// <summary>The example solution folder with the benchmark as benchmark.json; <paramref name="changeScad"/> edits every part.</summary>
    private static byte[] Upload(Func<string, string>? changeScad = null)
    {
        var entries = new List<TarEntry> { Archives.File("benchmark.json", File.ReadAllText(Benchmark)) };
        foreach (var file in Directory.GetFiles(Solution))
        {
            var text = File.ReadAllText(file);
            entries.Add(Archives.File(Path.GetFileName(file), file.EndsWith(".scad", StringComparison.Ordinal) && changeScad is not null ? changeScad(text) : text));
        }

        return Archives.Build([.. entries]);
    }

    private Task<HttpResponseMessage> PostAsync(byte[] archive, string query) =>
        _client.PostAsync("/v1/physics/evaluate" + query, Content(archive));

    private static ByteArrayContent Content(byte[] archive)
    {
        var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return content;
    }
}
