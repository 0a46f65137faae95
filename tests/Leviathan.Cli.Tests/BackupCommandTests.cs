using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary><c>leviathan backup create|list|restore</c> against a real S3-compatible server (s3rver on loopback).</summary>
public sealed class BackupCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private S3rverServer _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        Configure(_s3.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task CreateListRestore_BringsBackTheStoreAsItWas_AndMovesTheReplacedOneAside()
    {
        (await _cli.RunAsync("keys", "create", "--name", "before", "--role", "admin")).ExitCode.ShouldBe(0);

        var created = await _cli.RunAsync("backup", "create", "--json");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var backup = JsonDocument.Parse(created.Stdout).RootElement;
        var key = backup.GetProperty("key").GetString()!;
        var sha256 = backup.GetProperty("sha256").GetString()!;
        key.ShouldStartWith("cli/");

        var listed = await _cli.RunAsync("backup", "list", "--json");
        listed.ExitCode.ShouldBe(0, listed.Stderr);
        var item = JsonDocument.Parse(listed.Stdout).RootElement.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("key").GetString().ShouldBe(key);
        item.GetProperty("sha256").GetString().ShouldBe(sha256);
        var table = await _cli.RunAsync("backup", "list");
        table.Stdout.ShouldContain(key);

        // A change after the backup, which the restore takes away.
        (await _cli.RunAsync("keys", "create", "--name", "after", "--role", "viewer")).ExitCode.ShouldBe(0);

        var restored = await _cli.RunAsync("backup", "restore", key, "--sha256", sha256);
        restored.ExitCode.ShouldBe(0, restored.Stderr);
        restored.Stdout.ShouldContain($"restored {key}");
        restored.Stdout.ShouldContain("integrity ok");
        var names = JsonDocument.Parse((await _cli.RunAsync("keys", "list", "--json")).Stdout).RootElement.GetProperty("items")
            .EnumerateArray().Select(k => k.GetProperty("name").GetString()).ToList();
        names.ShouldBe(["before"]);
        var aside = Directory.GetFiles(_cli.Home, "leviathan.db.before-restore-*").Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)).ShouldHaveSingleItem();
        restored.Stdout.ShouldContain(aside);
    }

    [Fact]
    public async Task Restore_WhileAProcessHasTheStoreOpen_IsRefusedAndTellsHowToStopIt()
    {
        (await _cli.RunAsync("keys", "create", "--name", "kept", "--role", "admin")).ExitCode.ShouldBe(0);
        var key = JsonDocument.Parse((await _cli.RunAsync("backup", "create", "--json")).Stdout).RootElement.GetProperty("key").GetString()!;
        var database = Path.Combine(_cli.Home, "leviathan.db");

        await using (var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _cli.Home }, TimeProvider.System))
        {
            await store.ListRunsAsync(null, 1); // a server or a run holds connections like this one
            var before = await File.ReadAllBytesAsync(database);

            var refused = await _cli.RunAsync("backup", "restore", key);

            refused.ExitCode.ShouldBe(1);
            refused.Stderr.ShouldContain($"the store {database} is in use");
            refused.Stderr.ShouldContain("it was not replaced");
            refused.Stderr.ShouldContain("'leviathan serve' with Ctrl+C");
            (await File.ReadAllBytesAsync(database)).ShouldBe(before);
        }

        Directory.GetFiles(_cli.Home, "leviathan.db.before-restore-*").ShouldBeEmpty();
        (await _cli.RunAsync("backup", "restore", key)).ExitCode.ShouldBe(0, "once the store is closed the restore goes ahead");
    }

    [Fact]
    public async Task Restore_OfADamagedOrReplacedArchive_IsRefusedByItsChecksum_AndReplacesNothing()
    {
        (await _cli.RunAsync("keys", "create", "--name", "kept", "--role", "admin")).ExitCode.ShouldBe(0);
        var backup = JsonDocument.Parse((await _cli.RunAsync("backup", "create", "--json")).Stdout).RootElement;
        var key = backup.GetProperty("key").GetString()!;
        var sha256 = backup.GetProperty("sha256").GetString()!;
        var database = Path.Combine(_cli.Home, "leviathan.db");
        var before = await File.ReadAllBytesAsync(database);

        var wrong = await _cli.RunAsync("backup", "restore", key, "--sha256", new string('0', 64));
        wrong.ExitCode.ShouldBe(1);
        wrong.Stderr.ShouldContain($"has SHA-256 {sha256}, not the {new string('0', 64)} given");
        wrong.Stderr.ShouldContain("nothing was restored");

        // The object in the bucket is overwritten with other bytes but keeps the recorded checksum.
        using (var s3 = new AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config { ServiceURL = _s3.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        {
            var put = new PutObjectRequest { BucketName = _s3.Bucket, Key = key, ContentBody = "not the backup", UseChunkEncoding = false };
            put.Metadata.Add("x-amz-meta-sha256", sha256);
            put.Metadata.Add("x-amz-meta-provider", "sqlite");
            await s3.PutObjectAsync(put);
        }

        var damaged = await _cli.RunAsync("backup", "restore", key);
        damaged.ExitCode.ShouldBe(1);
        damaged.Stderr.ShouldContain($"not the {sha256} recorded with it in the bucket");
        (await File.ReadAllBytesAsync(database)).ShouldBe(before);
        Directory.GetFiles(_cli.Home, "leviathan.db.before-restore-*").ShouldBeEmpty();
        Directory.GetFileSystemEntries(Path.Combine(_cli.Home, "backups")).ShouldBeEmpty("the download is removed");
    }

    [Fact]
    public async Task Create_WithS3Unreachable_FailsNamingTheEndpoint_AndKeepsTheArchive()
    {
        var closed = S3rverServer.ClosedEndpoint();
        Configure(closed);
        (await _cli.RunAsync("keys", "create", "--name", "kept", "--role", "admin")).ExitCode.ShouldBe(0);

        var result = await _cli.RunAsync("backup", "create");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"S3 could not be reached to upload");
        result.Stderr.ShouldContain(closed.ToString());
        var kept = Directory.GetFiles(Path.Combine(_cli.Home, "backups"), "*.tar.zst").ShouldHaveSingleItem();
        result.Stderr.ShouldContain($"the backup is kept at {kept}");
    }

    [Fact]
    public async Task BackupSection_IsShownWithTheSecretMasked_ABadValueIsNamed_AndNoBucketSaysWhatToSet()
    {
        _cli.Variables["LEVIATHAN_BACKUP__SECRET_ACCESS_KEY"] = "top-secret-value";
        var show = await _cli.RunAsync("config", "show");
        show.ExitCode.ShouldBe(0, show.Stderr);
        show.Stdout.ShouldContain("backup.bucket");
        show.Stdout.ShouldContain("backup.force_path_style");
        show.Stdout.ShouldContain("backup.secret_access_key");
        show.Stdout.ShouldNotContain("top-secret-value");
        show.Stdout.ShouldContain("***");

        _cli.Variables["LEVIATHAN_BACKUP__COMPRESSION_LEVEL"] = "40";
        var level = await _cli.RunAsync("backup", "list");
        level.ExitCode.ShouldBe(2);
        level.Stderr.ShouldContain("backup.compression_level");
        _cli.Variables.Remove("LEVIATHAN_BACKUP__COMPRESSION_LEVEL");

        _cli.Variables["LEVIATHAN_BACKUP__BUCKTE"] = "x";
        (await _cli.RunAsync("backup", "list")).Stderr.ShouldContain("did you mean 'backup.bucket'?");
        _cli.Variables.Remove("LEVIATHAN_BACKUP__BUCKTE");

        _cli.Variables.Remove("LEVIATHAN_BACKUP__BUCKET");
        var none = await _cli.RunAsync("backup", "create");
        none.ExitCode.ShouldBe(2);
        none.Stderr.ShouldContain("backup.bucket is not set");
    }

    private void Configure(Uri endpoint)
    {
        _cli.Variables["LEVIATHAN_BACKUP__ENDPOINT"] = endpoint.ToString();
        _cli.Variables["LEVIATHAN_BACKUP__BUCKET"] = _s3.Bucket;
        _cli.Variables["LEVIATHAN_BACKUP__PREFIX"] = "cli/";
        _cli.Variables["LEVIATHAN_BACKUP__FORCE_PATH_STYLE"] = "true";
        _cli.Variables["LEVIATHAN_BACKUP__ACCESS_KEY_ID"] = S3rverServer.AccessKey;
        _cli.Variables["LEVIATHAN_BACKUP__SECRET_ACCESS_KEY"] = S3rverServer.SecretKey;
        _cli.Variables["LEVIATHAN_BACKUP__COMPRESSION_LEVEL"] = "3";
    }
}
