using System.Security.Cryptography;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Tests;

public sealed class StoreSafetyTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-safety");

    private string Home => _temp.Combine("home");

    private string DatabasePath => Path.Combine(Home, "leviathan.db");

    [Fact]
    public async Task OpenAsync_OnAFileThatIsNotSQLite_RefusesAndLeavesItUntouched()
    {
        Directory.CreateDirectory(Home);
        var garbage = RandomNumberGenerator.GetBytes(10_000);
        await File.WriteAllBytesAsync(DatabasePath, garbage);

        var ex = await Should.ThrowAsync<TraceStoreException>(() => Open());

        ex.Message.ShouldContain("is not a SQLite database");
        ex.Message.ShouldContain("left untouched");
        ex.Hint.ShouldContain("--home");
        (await File.ReadAllBytesAsync(DatabasePath)).ShouldBe(garbage);
        File.Exists(DatabasePath + "-wal").ShouldBeFalse();
    }

    [Fact]
    public async Task OpenAsync_OnAnotherProgramsSQLiteDatabase_RefusesAndLeavesItUntouched()
    {
        Directory.CreateDirectory(Home);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada');";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(DatabasePath);
        var ex = await Should.ThrowAsync<TraceStoreException>(() => Open());

        ex.Message.ShouldContain("tables of another program (customers)");
        (await File.ReadAllBytesAsync(DatabasePath)).ShouldBe(before);
    }

    [Fact]
    public async Task OpenAsync_OnADatabaseFromANewerVersion_Refuses()
    {
        await (await Open()).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory VALUES ('20990101000000_Future', '10.0.14')";
            await command.ExecuteNonQueryAsync();
        }

        var ex = await Should.ThrowAsync<TraceStoreException>(() => Open());
        ex.Message.ShouldContain("20990101000000_Future");
    }

    [Fact]
    public async Task OpenAsync_OnADatabaseCorruptedPastItsHeader_RefusesAndLeavesItUntouched()
    {
        await using (var store = await Open())
        {
            await store.CreateRunAsync(new Core.Runs.RunSpec("goal", "software", null, null));
        }

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(DatabasePath);
        RandomNumberGenerator.Fill(bytes.AsSpan(100, bytes.Length - 100));
        await File.WriteAllBytesAsync(DatabasePath, bytes);

        var ex = await Should.ThrowAsync<TraceStoreException>(() => Open());
        ex.Message.ShouldContain("left untouched");
        (await File.ReadAllBytesAsync(DatabasePath)).ShouldBe(bytes);
    }

    [Fact]
    public async Task OpenAsync_WithAHomeThatCannotBeCreated_SaysSo()
    {
        // /sys refuses new folders even to root, like a read-only mount.
        var ex = await Should.ThrowAsync<TraceStoreException>(() =>
            TraceStore.OpenAsync(new TraceStoreOptions { Home = "/sys/leviathan-home" }, new FakeTimeProvider()));
        ex.Message.ShouldContain("/sys/leviathan-home cannot be created");
        ex.Hint.ShouldContain("writable folder");
    }

    [Fact]
    public async Task OpenAsync_WithAnUnknownProvider_NamesTheAcceptedOnes()
    {
        var ex = await Should.ThrowAsync<TraceStoreException>(() =>
            TraceStore.OpenAsync(new TraceStoreOptions { Home = Home, Provider = "mysql" }, new FakeTimeProvider()));
        ex.Hint.ShouldContain("sqlite, postgres");
    }

    private Task<TraceStore> Open() => TraceStore.OpenAsync(new TraceStoreOptions { Home = Home }, new FakeTimeProvider());

    public void Dispose() => _temp.Dispose();
}
