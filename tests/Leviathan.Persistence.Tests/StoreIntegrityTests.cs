using System.Security.Cryptography;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Tests;

/// <summary>Real SQLite files: corrupt pages refuse writes, the store knows its own files, storage faults are named.</summary>
public sealed class StoreIntegrityTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-integrity");

    private string Home => _temp.Combine("home");

    private string DatabasePath => Path.Combine(Home, "leviathan.db");

    public void Dispose() => _temp.Dispose();

    private Task<TraceStore> OpenAsync() => TraceStore.OpenAsync(new TraceStoreOptions { Home = Home }, TimeProvider.System);

    private static RunSpec Spec(string goal) => new(goal, "software", "default", "/tmp/ws", RunBudget.Unlimited);

    /// <summary>A store with enough events to fill many pages, closed (its write-ahead log folded back in).</summary>
    private async Task<Guid> SeedAsync()
    {
        await using var store = await OpenAsync();
        var run = await store.CreateRunAsync(Spec("seed"));
        await using (var writer = await store.OpenWriterAsync(run.Id))
        {
            for (var i = 0; i < 400; i++)
            {
                writer.Append(new NewEvent(EventKind.Message, "engineer", $"{{\"text\":\"{new string('x', 500)} {i}\"}}"));
            }

            await writer.FlushAsync();
        }

        return run.Id;
    }

    [Fact]
    public async Task CreateRun_PageOfTheDatabaseCorrupt_RefusedBeforeAnyWriteAndFileLeftAsItWas()
    {
        await SeedAsync();
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(DatabasePath);
        var pages = bytes.Length / 4096;
        pages.ShouldBeGreaterThan(20);

        // Garbage over a page in the middle of the events table; page 1 (header and schema) stays intact.
        RandomNumberGenerator.GetBytes(4096).CopyTo(bytes, (pages / 2) * 4096);
        await File.WriteAllBytesAsync(DatabasePath, bytes);

        await using var store = await OpenAsync();
        var ex = await Should.ThrowAsync<TraceStoreException>(() => store.CreateRunAsync(Spec("after the damage")));

        ex.Message.ShouldStartWith($"the database at {DatabasePath} is corrupt, so nothing is written to it (PRAGMA quick_check: ");
        ex.Hint.ShouldContain("restore it from a backup");
        SqliteConnection.ClearAllPools();
        (await File.ReadAllBytesAsync(DatabasePath)).ShouldBe(bytes);
    }

    [Fact]
    public async Task CreateRun_ManyAtOnceOnACorruptDatabase_AllRefused_AndOnceTheFileIsRestoredTheNextIsWritten()
    {
        await SeedAsync();
        SqliteConnection.ClearAllPools();
        var intact = await File.ReadAllBytesAsync(DatabasePath);
        var bytes = (byte[])intact.Clone();
        RandomNumberGenerator.GetBytes(4096).CopyTo(bytes, (bytes.Length / 4096 / 2) * 4096);
        await File.WriteAllBytesAsync(DatabasePath, bytes);

        await using var store = await OpenAsync();
        // The writers that come together share one check, and all of them are refused by it.
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(() => store.CreateRunAsync(Spec($"run {i}")))).ToList();
        foreach (var attempt in attempts)
        {
            (await Should.ThrowAsync<TraceStoreException>(() => attempt)).Message.ShouldContain("is corrupt");
        }

        // A failed check is not kept: the next writer checks the restored file again.
        SqliteConnection.ClearAllPools();
        await File.WriteAllBytesAsync(DatabasePath, intact);
        var run = await store.CreateRunAsync(Spec("after the restore"));
        (await store.FindRunAsync(run.Id)).ShouldNotBeNull().Goal.ShouldBe("after the restore");
    }

    [Fact]
    public async Task OpenWriter_PageOfTheDatabaseCorrupt_Refused()
    {
        var run = await SeedAsync();
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(DatabasePath);
        RandomNumberGenerator.GetBytes(4096).CopyTo(bytes, (bytes.Length / 4096 / 2) * 4096);
        await File.WriteAllBytesAsync(DatabasePath, bytes);

        await using var store = await OpenAsync();

        (await Should.ThrowAsync<TraceStoreException>(() => store.OpenWriterAsync(run))).Message.ShouldContain("is corrupt");
    }

    [Fact]
    public async Task FindRun_PendingRunWhoseCreatorDied_ReadAsInterrupted()
    {
        Guid id;
        await using (var store = await OpenAsync())
        {
            id = (await store.CreateRunAsync(Spec("killed before it started"))).Id;
        }

        // As if the creating process had been killed between creating the run and starting it.
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE runs SET owner_start = 'another-boot:1'";
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await using var reopened = await OpenAsync();
        var run = (await reopened.FindRunAsync(id))!;

        run.Status.ShouldBe(RunStatus.Pending);
        run.Interrupted.ShouldBeTrue();
        run.DisplayStatus.ShouldBe("interrupted");
    }

    [Fact]
    public async Task OwnFileAt_TheStoresFilesAndLinksToThem_NamedElseNull()
    {
        await SeedAsync();
        await using var store = await OpenAsync();
        var link = _temp.Combine("export.jsonl");
        File.CreateSymbolicLink(link, DatabasePath);

        store.OwnFileAt(DatabasePath).ShouldBe("the database file");
        store.OwnFileAt(DatabasePath + "-wal").ShouldBe("the database's write-ahead log");
        store.OwnFileAt(DatabasePath + "-shm").ShouldBe("the database's shared-memory file");
        store.OwnFileAt(Path.Combine(Home, "blobs", "sha256", "ab", "x")).ShouldBe("inside the blob folder");
        store.OwnFileAt(Path.Combine(Home, "blobs")).ShouldBe("inside the blob folder");
        store.OwnFileAt(link).ShouldBe("the database file");
        store.OwnFileAt(Path.Combine(Home, "sub", "..", "leviathan.db")).ShouldBe("the database file");
        store.OwnFileAt(_temp.Combine("runs.jsonl")).ShouldBeNull();
        store.OwnFileAt(Path.Combine(Home, "leviathan.db.jsonl")).ShouldBeNull();
    }

    [Fact]
    public async Task Open_FolderNamedLikeTheDatabase_RefusedSayingItIsAFolder()
    {
        Directory.CreateDirectory(DatabasePath);

        var ex = await Should.ThrowAsync<TraceStoreException>(OpenAsync);

        ex.Message.ShouldBe($"{DatabasePath} is a folder, not a database file, so the trace store cannot be opened; it was left untouched");
        Directory.Exists(DatabasePath).ShouldBeTrue();
    }

    [Fact]
    public void Explain_DiskFullAndReadOnlyFaults_NamedWithTheFix()
    {
        StorageFaults.Explain(new SqliteException("database or disk is full", 13), "/h/leviathan.db")!.Value.Message
            .ShouldStartWith("the disk holding /h/leviathan.db is full");
        StorageFaults.Explain(new SqliteException("attempt to write a readonly database", 8), "/h/leviathan.db")!.Value.Message
            .ShouldStartWith("/h/leviathan.db is read-only");
        StorageFaults.Explain(new IOException("No space left on device", 28), "/out/x.jsonl")!.Value.Message
            .ShouldBe("the disk holding /out/x.jsonl is full (no space left on the device)");
        StorageFaults.Explain(new InvalidOperationException("wrapped", new IOException("Read-only file system", 30)), "/ro")!.Value.Message
            .ShouldBe("/ro is on a read-only file system");
        StorageFaults.Explain(new IOException("Permission denied", 13), "/x").ShouldBeNull();
    }
}
