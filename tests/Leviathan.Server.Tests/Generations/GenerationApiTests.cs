using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Leviathan.Core.Reporting;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Generation;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Keys;
using Leviathan.Server.Generations;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Simulation;
using Leviathan.Testing;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Tests.Generations;

/// <summary>
/// <c>/v1/physics/generations</c> end to end: the server's worker generates with the library's generator (real OpenSCAD in
/// bubblewrap, real MuJoCo), the kept benchmark is downloaded and re-verified as <c>bench check</c> does, and a running
/// generation is cancelled with the jobs' cancel endpoint.
/// </summary>
public sealed class GenerationApiTests
{
    [Fact]
    public async Task CreateGeneration_KeepsABenchmark_WhoseArchivePassesBenchCheck()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"family":"push"}"""));

        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var location = created.Headers.Location!.ToString();
        var accepted = JsonDocument.Parse(body).RootElement;
        location.ShouldBe($"/v1/physics/generations/{accepted.GetProperty("job").GetProperty("id").GetGuid()}");
        accepted.GetProperty("job").GetProperty("kind").GetString().ShouldBe("benchmark_generation");
        accepted.GetProperty("archive").ValueKind.ShouldBe(JsonValueKind.Null);

        var generation = await WaitDoneAsync(client, location);

        generation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", generation.ToString());
        generation.GetProperty("job").GetProperty("reason").GetString()!.ShouldStartWith("kept 1 of 1 after");
        generation.GetProperty("kept").GetInt32().ShouldBe(1);
        generation.GetProperty("attempted").GetInt32().ShouldBe(generation.GetProperty("candidates").GetArrayLength());
        var kept = generation.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("kept").GetBoolean());
        kept.GetProperty("family").GetString().ShouldBe("push");
        var id = kept.GetProperty("id").GetString()!;
        Directory.Exists(Path.Combine(server.Home, "generations", accepted.GetProperty("job").GetProperty("id").GetString()!, "benchmarks", id)).ShouldBeTrue("generated files live under the server's home");

        var archive = generation.GetProperty("archive").GetString()!;
        using var response = await client.GetAsync(archive);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/gzip");
        using var unpacked = new TempDirectory("leviathan-generated");
        await using (var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, unpacked.Path, overwriteFiles: false);
        }

        File.Exists(unpacked.Combine("index.json")).ShouldBeTrue();
        File.Exists(unpacked.Combine(id, "benchmark.json")).ShouldBeTrue();
        using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 2 });
        var analyzer = CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = unpacked.Combine(".cad-cache") }, new SandboxOptions().Kind, server.Home);
        var check = await new BenchmarkChecker(analyzer, simulation, TimeProvider.System).CheckAsync(unpacked.Combine(id), new VerificationOptions(), CancellationToken.None);
        check.Passed.ShouldBeTrue($"valid: {check.Valid.Detail}; non-trivial: {check.NonTrivial.Detail}; reference: {string.Join("; ", check.Reference?.Reasons.Select(r => r.Message) ?? [])}");
    }

    [Fact]
    public async Task CreateGeneration_WithHingedRampsAndSolverCandidates_ProvesWithFlaps_AndItsIndexRecordsBoth()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client(ApiKeyRole.Operator);

        // As `bench generate --family drop --seed 4 --count 1 --hinged-ramps` (BenchHingedRampsCommandTests): the kept
        // reference lays a flap on a passive hinge.
        var created = await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":4,"family":"drop","hinged_ramps":true,"solver_candidates":1000}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var generation = await WaitDoneAsync(client, created.Headers.Location!.ToString());

        generation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", generation.ToString());
        var id = generation.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("kept").GetBoolean()).GetProperty("id").GetString()!;
        using var response = await client.GetAsync(generation.GetProperty("archive").GetString()!);
        using var unpacked = new TempDirectory("leviathan-generated");
        await using (var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, unpacked.Path, overwriteFiles: false);
        }

        File.ReadAllText(unpacked.Combine(id, "reference", "solution.json")).ShouldContain("\"hinge\"", Case.Insensitive, "hinged_ramps reaches the solver");
        var settings = JsonDocument.Parse(File.ReadAllText(unpacked.Combine("index.json"))).RootElement.GetProperty("settings");
        settings.GetProperty("solver_hinged_ramps").GetString().ShouldBe("true");
        settings.GetProperty("solver_candidates").GetString().ShouldBe("1000");
    }

    [Fact]
    public async Task CancelJob_RunningGeneration_EndsCancelled_AndOffersNoArchive()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Workers = 1 });
        using var client = server.Client(ApiKeyRole.Operator);
        var created = await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":5,"seed":11}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var jobId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("job").GetProperty("id").GetGuid();

        // The one worker takes it at once (one candidate alone takes seconds): cancel it while it generates.
        var state = "queued";
        for (var look = 0; look < 5_000 && state == "queued"; look++)
        {
            state = JsonDocument.Parse(await client.GetStringAsync($"/v1/jobs/{jobId}")).RootElement.GetProperty("state").GetString()!;
        }

        state.ShouldBe("running");
        var cancel = await client.PostAsync($"/v1/jobs/{jobId}/cancel", null);
        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted, await cancel.Content.ReadAsStringAsync());

        var generation = await WaitDoneAsync(client, created.Headers.Location!.ToString());

        generation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("cancelled", generation.ToString());
        generation.GetProperty("job").GetProperty("reason").GetString()!.ShouldContain("cancelled through the API");
        generation.GetProperty("archive").ValueKind.ShouldBe(JsonValueKind.Null);
        await (await client.GetAsync($"/v1/physics/generations/{jobId}/archive")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:conflict");
        (await client.PostAsync($"/v1/jobs/{jobId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted, "asking again is harmless");
    }

    [Fact]
    public async Task CreateGeneration_ViewerIs403_UnknownFamilyAndTooManyAre422_BadFieldsAre400_AndUnknownIs404()
    {
        await using var server = await RunningServer.StartAsync(o => o with { MaxGenerationCount = 3 });
        using var viewer = server.Client(ApiKeyRole.Viewer);
        using var client = server.Client(ApiKeyRole.Operator);

        await (await viewer.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3}""")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
        (await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"family":"catapult"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:unknown-family"))
            .GetProperty("detail").GetString()!.ShouldContain("push");
        (await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":4,"seed":3}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation"))
            .GetProperty("detail").GetString()!.ShouldContain("at most 3");
        await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":0,"seed":-1,"level":9}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "count", "seed", "level");
        await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"solver_candidates":0}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "solver_candidates");
        await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"seed":3}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "count");
        await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"out":"/tmp/x"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "out");
        await (await viewer.GetAsync($"/v1/physics/generations/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        await (await viewer.GetAsync($"/v1/physics/generations/{Guid.NewGuid()}/archive")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        Directory.Exists(Path.Combine(server.Home, "generations")).ShouldBeFalse("nothing was queued");
    }

    [Fact]
    public async Task CreateGeneration_LevelTheFamiliesCannotReach_Is422NamingTheLevelField_AndWhichFamiliesCan()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client(ApiKeyRole.Operator);

        var one = await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"family":"relay","level":1}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation");
        var all = await (await client.PostAsync("/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"level":0}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation");

        one.GetProperty("field").GetString().ShouldBe("level");
        one.GetProperty("detail").GetString()!.ShouldStartWith("level: relay (3-5) cannot reach level 1 (with 1000 solver candidates); of the other families, drop (1-5), gap (0-4),");
        all.GetProperty("detail").GetString()!.ShouldStartWith("level: drop (1-5), lift (1-5), push (1-5),");
        all.GetProperty("detail").GetString()!.ShouldEndWith("cannot reach level 0; gap (0-4) can");
        all.GetProperty("hint").GetString()!.ShouldContain("(keep gap)");
        Directory.Exists(Path.Combine(server.Home, "generations")).ShouldBeFalse("nothing was queued");
    }

    [Fact]
    public async Task Restart_GenerationOfADeadServer_ResumesWithTheBenchmarkItKept_AndEndsWithExactlyTheCount()
    {
        Guid jobId = default;
        var firstKept = string.Empty;
        var decided = 0;
        IReadOnlyList<string> before = [];
        await using var server = await RunningServer.StartAsync(before: async store =>
        {
            // A server died during this generation once it had kept its first benchmark: the candidate after it was cut off
            // mid-way (its folder half-written), and the job's lease ran out.
            var jobs = new JobStore(store, TimeProvider.System);
            var payload = new GenerationPayload(2, 3, "push", null, null);
            var job = await jobs.EnqueueAsync(JobKinds.BenchmarkGeneration, JsonSerializer.Serialize(payload, ServerJsonContext.Default.GenerationPayload), null, 3);
            (await jobs.LeaseNextAsync("dead-server", TimeSpan.Zero))!.Job.Id.ShouldBe(job.Id);
            var home = store.Options.Home;
            var folder = GenerationFolder.For(home, job.Id);
            var options = GenerationJob.Options(payload, BenchmarkFamilies.Find("push"), new RunLaunchDefaults(home, null, new SandboxOptions()), new ServerOptions(), folder);
            using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 2 });
            var analyzer = CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = Path.Combine(home, "cache", "cad") }, new SandboxOptions().Kind, home);
            using var died = new CancellationTokenSource();
            try
            {
                await new BenchmarkGenerator(analyzer, simulation, TimeProvider.System).GenerateAsync(options, new InlineProgress<CandidateRecord>(record =>
                {
                    decided++;
                    if (record.Kept)
                    {
                        firstKept = record.Id;
                        died.Cancel();
                    }
                }), died.Token);
            }
            catch (OperationCanceledException) when (died.IsCancellationRequested)
            {
                // The server's death.
            }

            firstKept.ShouldNotBeEmpty();
            Directory.GetDirectories(folder.Benchmarks).Length.ShouldBe(2, "the kept benchmark and the half-written one");
            before = FolderSnapshot.Of(Path.Combine(folder.Benchmarks, firstKept));
            jobId = job.Id;
        });
        using var client = server.Client(ApiKeyRole.Viewer);

        var generation = await WaitDoneAsync(client, $"/v1/physics/generations/{jobId}");

        var job = generation.GetProperty("job");
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", generation.ToString());
        job.GetProperty("attempts").GetInt32().ShouldBe(2);
        job.GetProperty("reason").GetString()!.ShouldContain($"resumed 1 time(s) after its server stopped, carrying over 1 kept benchmark(s) and {decided} decided candidate(s)");
        var resume = generation.GetProperty("resumes").EnumerateArray().ShouldHaveSingleItem();
        resume.GetProperty("attempt").GetInt32().ShouldBe(2);
        resume.GetProperty("kept").GetInt32().ShouldBe(1);
        resume.GetProperty("candidates").GetInt32().ShouldBe(decided);
        resume.GetProperty("started_over").ValueKind.ShouldBe(JsonValueKind.Null);

        var candidates = generation.GetProperty("candidates").EnumerateArray().ToList();
        candidates.Select(c => c.GetProperty("index").GetInt32()).ShouldBe(Enumerable.Range(0, candidates.Count), "every candidate once, in order");
        var kept = candidates.Where(c => c.GetProperty("kept").GetBoolean()).Select(c => c.GetProperty("id").GetString()!).ToList();
        kept.Count.ShouldBe(2);
        kept.Distinct(StringComparer.Ordinal).Count().ShouldBe(2);
        kept[0].ShouldBe(firstKept);
        generation.GetProperty("kept").GetInt32().ShouldBe(2);

        var benchmarks = Path.Combine(server.Home, "generations", jobId.ToString(), "benchmarks");
        FolderSnapshot.Of(Path.Combine(benchmarks, firstKept)).ShouldBe(before, "the benchmark kept before the server died is carried over byte for byte");
        Directory.GetDirectories(benchmarks).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(kept.Order(StringComparer.Ordinal), "the half-written folder is gone");
        Directory.GetFiles(benchmarks).Select(Path.GetFileName).ShouldBe([BenchmarkGenerator.IndexFile]);

        using var archive = await client.GetAsync(generation.GetProperty("archive").GetString()!);
        archive.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var unpacked = new TempDirectory("leviathan-resumed");
        await using (var gzip = new GZipStream(await archive.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, unpacked.Path, overwriteFiles: false);
        }

        Directory.GetDirectories(unpacked.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(kept.Order(StringComparer.Ordinal));
        FolderSnapshot.Contents(unpacked.Combine(firstKept)).ShouldBe(FolderSnapshot.Contents(Path.Combine(benchmarks, firstKept)));
        var index = JsonSerializer.Deserialize(File.ReadAllText(unpacked.Combine("index.json")), GenerationJsonContext.Default.GenerationIndex)!;
        index.Candidates.Where(c => c.Kept).Select(c => c.Id).ShouldBe(kept);
    }

    [Fact]
    public async Task Restart_GenerationLeftWithOtherSettings_StartsOverFromItsFirstCandidate_AndSaysWhy()
    {
        Guid jobId = default;
        await using var server = await RunningServer.StartAsync(before: async store =>
        {
            // A server that generated with another solver budget died during this generation: what it left cannot be taken over.
            var jobs = new JobStore(store, TimeProvider.System);
            var payload = new GenerationPayload(1, 3, "push", null, null);
            var job = await jobs.EnqueueAsync(JobKinds.BenchmarkGeneration, JsonSerializer.Serialize(payload, ServerJsonContext.Default.GenerationPayload), null, 3);
            (await jobs.LeaseNextAsync("dead-server", TimeSpan.Zero))!.Job.Id.ShouldBe(job.Id);
            var folder = GenerationFolder.For(store.Options.Home, job.Id);
            var options = GenerationJob.Options(payload, BenchmarkFamilies.Find("push"), new RunLaunchDefaults(store.Options.Home, null, new SandboxOptions()), new ServerOptions(), folder);
            Directory.CreateDirectory(Path.Combine(folder.Benchmarks, "push-00c0ffee"));
            GenerationJournal.Create(folder.Benchmarks, GenerationJournalHeader.For(options with { Solver = options.Solver with { MaxCandidates = 500 } }), []).Dispose();
            jobId = job.Id;
        });
        using var client = server.Client(ApiKeyRole.Viewer);

        var generation = await WaitDoneAsync(client, $"/v1/physics/generations/{jobId}");

        generation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", generation.ToString());
        generation.GetProperty("job").GetProperty("attempts").GetInt32().ShouldBe(2);
        var resume = generation.GetProperty("resumes").EnumerateArray().ShouldHaveSingleItem();
        resume.GetProperty("kept").GetInt32().ShouldBe(0);
        var why = resume.GetProperty("started_over").GetString()!;
        why.ShouldContain("solver_candidates: 500 in the interrupted run, 1000 now");
        why.ShouldContain("started over from the first candidate");
        generation.GetProperty("kept").GetInt32().ShouldBe(1);
        var benchmarks = Path.Combine(server.Home, "generations", jobId.ToString(), "benchmarks");
        Directory.GetDirectories(benchmarks).Select(Path.GetFileName)
            .ShouldBe([generation.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("kept").GetBoolean()).GetProperty("id").GetString()]);
    }

    /// <summary>Long-polls the generation until its job is done (a bounded number of polls, no sleeps).</summary>
    private static async Task<JsonElement> WaitDoneAsync(HttpClient client, string location)
    {
        for (var poll = 0; poll < 40; poll++)
        {
            var generation = JsonDocument.Parse(await client.GetStringAsync($"{location}?wait_seconds=60")).RootElement.Clone();
            if (generation.GetProperty("job").GetProperty("state").GetString() == "done")
            {
                return generation;
            }
        }

        throw new TimeoutException($"the generation at {location} did not finish");
    }
}
