using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence;
using Leviathan.Persistence.Backups;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Hosting;
using Leviathan.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Tests.Backups;

/// <summary>Backups of a PostgreSQL store: pg_dump --format=custom when it can run, 409 with the reason when it cannot.</summary>
public sealed class PostgresBackupTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private S3rverServer _s3 = null!;
    private TempDirectory _home = null!;
    private TraceStore _store = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _s3 = await S3rverServer.StartAsync();
        _home = new TempDirectory("leviathan-pg-backup");
        _store = await TraceStore.OpenAsync(
            new TraceStoreOptions { Home = _home.Path, Provider = "postgres", Connection = await _postgres.CreateDatabaseAsync() },
            TimeProvider.System);
        _admin = (await new ApiKeyStore(_store, TimeProvider.System).CreateAsync("admin", ApiKeyRole.Admin)).Secret;
        await _store.CreateRunAsync(new RunSpec("a run in PostgreSQL", "software", "local", "/tmp/ws"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _home.Dispose();
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task CreateBackup_OfAPostgresStore_UploadsAPgDumpCustomArchive()
    {
        var options = BackupApiTests.Options(_s3.Endpoint, _s3.Bucket);
        var (status, body) = await PostBackupAsync(options);
        status.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        created.GetProperty("provider").GetString().ShouldBe("postgres");
        var key = created.GetProperty("key").GetString()!;
        key.ShouldEndWith("-postgres.tar.zst");

        // Restoring into a PostgreSQL store verifies the download and hands over the dump for pg_restore.
        var restored = await new BackupRestorer(options, TimeProvider.System).RestoreAsync(
            key, new TraceStoreOptions { Home = _home.Path, Provider = "postgres", Connection = "Host=unused" }, created.GetProperty("sha256").GetString());
        var dump = await File.ReadAllBytesAsync(restored.Database);
        Encoding.ASCII.GetString(dump, 0, 5).ShouldBe("PGDMP", "pg_dump's custom format starts with PGDMP");

        // The dump restores with pg_restore into an empty database that Leviathan then reads.
        var connection = await _postgres.CreateDatabaseAsync();
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var restore = new System.Diagnostics.ProcessStartInfo("pg_restore") { RedirectStandardError = true };
        foreach (var argument in new[] { "--no-owner", $"--host={target.Host}", $"--username={target.Username}", $"--dbname={target.Database}", restored.Database })
        {
            restore.ArgumentList.Add(argument);
        }

        using (var process = System.Diagnostics.Process.Start(restore)!)
        {
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, error);
        }

        await using var copy = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _home.Path, Provider = "postgres", Connection = connection }, TimeProvider.System);
        (await copy.ListRunsAsync(null, 10)).Single().Goal.ShouldBe("a run in PostgreSQL");
    }

    [Fact]
    public async Task CreateBackup_WithoutAWorkingPgDump_Is409SayingWhatToInstall()
    {
        var (status, body) = await PostBackupAsync(BackupApiTests.Options(_s3.Endpoint, _s3.Bucket) with { PgDump = "/nonexistent/bin/pg_dump" });
        status.ShouldBe(HttpStatusCode.Conflict, body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("type").GetString().ShouldBe("urn:leviathan:problem:backup-unavailable");
        problem.GetProperty("detail").GetString()!.ShouldContain("needs pg_dump, which cannot be started ('/nonexistent/bin/pg_dump'");
        problem.GetProperty("hint").GetString()!.ShouldContain("apt-get install postgresql-client");
    }

    private async Task<(HttpStatusCode Status, string Body)> PostBackupAsync(BackupOptions backup)
    {
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], Backup = backup };
        await using var app = ServerApp.Build(options, _store, TimeProvider.System, new Leviathan.Server.Jobs.RunLaunchDefaults(_home.Path, null, new Leviathan.Tools.Sandbox.SandboxOptions()), LogLevel.Warning);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
            using var response = await client.PostAsync("/v1/admin/backups", null);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
