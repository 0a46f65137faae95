using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Backups;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Server.Tests.Backups;

/// <summary>POST and GET /v1/admin/backups against a real S3-compatible server (s3rver on loopback).</summary>
public sealed class BackupApiTests : IAsyncLifetime
{
    private S3rverServer _s3 = null!;

    public async Task InitializeAsync() => _s3 = await S3rverServer.StartAsync();

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    internal static BackupOptions Options(Uri endpoint, string bucket) => new()
    {
        Endpoint = endpoint,
        Bucket = bucket,
        Prefix = "nightly/",
        ForcePathStyle = true,
        AccessKeyId = S3rverServer.AccessKey,
        SecretAccessKey = S3rverServer.SecretKey,
        CompressionLevel = 3,
    };

    [Fact]
    public async Task CreateBackup_UploadsAChecksummedArchive_ThatListShows_AndThatRestoresTheRuns()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Backup = Options(_s3.Endpoint, _s3.Bucket) });
        var run = await server.SeedRunAsync("a run worth keeping", events: 7);
        using var admin = server.Client(ApiKeyRole.Admin);

        var response = await admin.PostAsync("/v1/admin/backups", null);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        var key = created.GetProperty("key").GetString()!;
        key.ShouldStartWith("nightly/");
        key.ShouldEndWith("-sqlite.tar.zst");
        created.GetProperty("provider").GetString().ShouldBe("sqlite");
        created.GetProperty("database_bytes").GetInt64().ShouldBeGreaterThan(0);
        created.GetProperty("blobs").GetInt32().ShouldBe(1);
        var sha256 = created.GetProperty("sha256").GetString()!;

        // What is in the bucket is exactly what was answered.
        using var s3 = Client();
        using var stored = await s3.GetObjectAsync(_s3.Bucket, key);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        bytes.Length.ShouldBe(created.GetProperty("archive_bytes").GetInt64());
        Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())).ShouldBe(sha256);
        Directory.EnumerateFiles(Path.Combine(server.Home, "backups")).ShouldBeEmpty("the local archive is removed once uploaded");

        var list = JsonDocument.Parse(await admin.GetStringAsync("/v1/admin/backups")).RootElement.GetProperty("items");
        var listed = list.EnumerateArray().Single();
        listed.GetProperty("key").GetString().ShouldBe(key);
        listed.GetProperty("sha256").GetString().ShouldBe(sha256);
        listed.GetProperty("database_bytes").GetInt64().ShouldBe(created.GetProperty("database_bytes").GetInt64());

        using var target = new TempDirectory("leviathan-restore");
        var restored = await new BackupRestorer(Options(_s3.Endpoint, _s3.Bucket), TimeProvider.System)
            .RestoreAsync(key, new TraceStoreOptions { Home = target.Path }, sha256);
        restored.PreviousDatabase.ShouldBeNull();
        restored.BlobsAdded.ShouldBe(1);
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = target.Path }, TimeProvider.System);
        (await store.FindRunAsync(run.Id))!.Goal.ShouldBe("a run worth keeping");
        (await store.ReadEventsAsync(run.Id)).Count.ShouldBe(7);
        var artifact = (await store.ListArtifactsAsync(run.Id)).Single();
        File.ReadAllText(store.Blobs.PathOf(artifact.Sha256)).ShouldBe("diff --git a/x b/x\n");
    }

    [Fact]
    public async Task CreateBackup_WhileAWriterKeepsWriting_GivesAConsistentDatabase()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Backup = Options(_s3.Endpoint, _s3.Bucket) });
        var run = await server.SeedRunAsync("running", events: 1, status: Leviathan.Core.Runs.RunStatus.Running);
        using var stop = new CancellationTokenSource();
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = 0L;
        var writer = Task.Run(async () =>
        {
            await using var trace = await server.Store.OpenWriterAsync(run.Id);
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 20; i++)
                {
                    trace.Append(new NewEvent(EventKind.ToolResult, "engineer", $$"""{"call_id":"c{{written}}","is_error":false,"exit_code":0,"text":"{{new string('x', 400)}}"}"""));
                    written++;
                }

                await trace.FlushAsync();
                firstBatch.TrySetResult();
            }
        });
        await firstBatch.Task;

        using var admin = server.Client(ApiKeyRole.Admin);
        var response = await admin.PostAsync("/v1/admin/backups", null);
        var body = await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();
        await writer; // the writer was never blocked or failed by the snapshot
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var key = JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;

        using var target = new TempDirectory("leviathan-restore");
        await new BackupRestorer(Options(_s3.Endpoint, _s3.Bucket), TimeProvider.System).RestoreAsync(key, new TraceStoreOptions { Home = target.Path });
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = target.Path }, TimeProvider.System);
        var events = await store.ReadEventsAsync(run.Id);
        events.Count.ShouldBeGreaterThan(1);
        events.Count.ShouldBeLessThanOrEqualTo((int)written + 1);

        // A snapshot taken mid-write holds whole batches: the sequence has no gaps, and the run's counter matches it.
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        (await store.FindRunAsync(run.Id))!.EventCount.ShouldBe(events.Count);
    }

    [Fact]
    public async Task CreateBackup_PreferRespondAsync_Is202WithAJob_WhoseResultIsTheUploadedBackup()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Backup = Options(_s3.Endpoint, _s3.Bucket) });
        await server.SeedRunAsync("kept by a backup job");
        using var admin = server.Client(ApiKeyRole.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/backups");
        request.Headers.TryAddWithoutValidation("Prefer", "respond-async, wait=5");

        using var response = await admin.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString().ShouldBe("backup");
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/v1/jobs/");
        var job = await JobPolling.WaitDoneAsync(admin, location);
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        var result = job.GetProperty("result");
        var key = result.GetProperty("key").GetString()!;
        key.ShouldStartWith("nightly/");
        var sha256 = result.GetProperty("sha256").GetString()!;
        job.GetProperty("reason").GetString()!.ShouldContain(key);

        // The job's result is what is in the bucket, as the synchronous answer would be.
        using var s3 = Client();
        using var stored = await s3.GetObjectAsync(_s3.Bucket, key);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        bytes.Length.ShouldBe(result.GetProperty("archive_bytes").GetInt64());
        Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())).ShouldBe(sha256);

        using var operatorKey = server.Client(ApiKeyRole.Operator);
        using var forbidden = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/backups");
        forbidden.Headers.TryAddWithoutValidation("Prefer", "respond-async");
        await (await operatorKey.SendAsync(forbidden)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
    }

    [Fact]
    public async Task CreateBackup_LargerThanOnePart_IsUploadedInParts_WithItsMetadata_AndRestoresIntact()
    {
        await using var s3 = await S3rverServer.StartAsync("parts", verbose: true);
        var options = Options(s3.Endpoint, s3.Bucket) with { PartSizeBytes = BackupOptions.MinPartSizeBytes };
        await using var server = await RunningServer.StartAsync(o => o with { Backup = options });
        var run = await server.SeedRunAsync("a run with a large artifact");

        // Random bytes do not compress: the archive is over two parts of 5 MiB.
        var large = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        await server.Store.AddArtifactAsync(run.Id, new MemoryStream(large), "application/octet-stream", "big.bin");
        using var admin = server.Client(ApiKeyRole.Admin);

        var response = await admin.PostAsync("/v1/admin/backups", null);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        var archiveBytes = created.GetProperty("archive_bytes").GetInt64();
        archiveBytes.ShouldBeGreaterThan(2 * BackupOptions.MinPartSizeBytes);
        var parts = (int)((archiveBytes + BackupOptions.MinPartSizeBytes - 1) / BackupOptions.MinPartSizeBytes);
        await s3.WaitForPartsAsync(parts).WaitAsync(TimeSpan.FromMinutes(1));
        s3.PartsStored.ShouldBe(parts, "one request per part, none retried or left over");

        // The object is the whole archive with the record's metadata, as a single upload would be.
        var key = created.GetProperty("key").GetString()!;
        var sha256 = created.GetProperty("sha256").GetString()!;
        var listed = JsonDocument.Parse(await admin.GetStringAsync("/v1/admin/backups")).RootElement.GetProperty("items").EnumerateArray().Single();
        listed.GetProperty("sha256").GetString().ShouldBe(sha256);
        listed.GetProperty("archive_bytes").GetInt64().ShouldBe(archiveBytes);
        listed.GetProperty("blobs").GetInt32().ShouldBe(2);

        using var target = new TempDirectory("leviathan-restore");
        var restored = await new BackupRestorer(options, TimeProvider.System).RestoreAsync(key, new TraceStoreOptions { Home = target.Path }, sha256);
        restored.BlobsAdded.ShouldBe(2);
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = target.Path }, TimeProvider.System);
        var big = (await store.ListArtifactsAsync(run.Id)).Single(a => a.Path == "big.bin");
        File.ReadAllBytes(store.Blobs.PathOf(big.Sha256)).ShouldBe(large);
    }

    [Fact]
    public async Task CreateBackup_S3Unreachable_Is502NamingTheEndpoint_AndKeepsTheArchive()
    {
        var closed = S3rverServer.ClosedEndpoint();
        await using var server = await RunningServer.StartAsync(o => o with { Backup = Options(closed, "nowhere") with { Timeout = TimeSpan.FromSeconds(20) } });
        await server.SeedRunAsync();
        using var admin = server.Client(ApiKeyRole.Admin);

        var response = await admin.PostAsync("/v1/admin/backups", null);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "urn:leviathan:problem:storage-unavailable");
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldContain("S3 could not be reached");
        detail.ShouldContain(closed.ToString());
        var kept = problem.GetProperty("kept_archive").GetString()!;
        detail.ShouldContain(kept);
        File.Exists(kept).ShouldBeTrue();
        Path.GetDirectoryName(kept).ShouldBe(Path.Combine(server.Home, "backups"));

        // The kept archive is a whole backup: it unpacks to a database that passes the integrity check.
        using var unpacked = new TempDirectory("leviathan-kept");
        var (provider, snapshot, _) = await BackupArchive.ExtractAsync(kept, unpacked.Path, CancellationToken.None);
        provider.ShouldBe("sqlite");
        StoreSnapshot.IntegrityProblems(snapshot).ShouldBeNull();

        (await admin.GetAsync("/v1/admin/backups")).StatusCode.ShouldBe(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Backups_WithoutABucket_Are409NamingTheSetting_AndNeedTheAdminRole()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Client(ApiKeyRole.Admin);
        var problem = await (await admin.PostAsync("/v1/admin/backups", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:backup-not-configured");
        problem.GetProperty("detail").GetString()!.ShouldContain("not configured");
        problem.GetProperty("hint").GetString()!.ShouldContain("backup.bucket");
        await (await admin.GetAsync("/v1/admin/backups")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:backup-not-configured");
        using (var queued = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/backups"))
        {
            queued.Headers.TryAddWithoutValidation("Prefer", "respond-async");
            await (await admin.SendAsync(queued)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:backup-not-configured");
        }


        using var operatorKey = server.Client(ApiKeyRole.Operator);
        await (await operatorKey.PostAsync("/v1/admin/backups", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
        using var anonymous = server.Client((ApiKeyRole?)null);
        await (await anonymous.PostAsync("/v1/admin/backups", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "urn:leviathan:problem:unauthenticated");
    }

    private AmazonS3Client Client() => new(
        new Amazon.Runtime.BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
        new AmazonS3Config { ServiceURL = _s3.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
