using Leviathan.Persistence.Database;
using Leviathan.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-migrations");

    [Fact]
    public async Task Migrate_ProducesExactlyTheSchemaOfTheModel()
    {
        var migrated = _temp.Combine("migrated.db");
        var modelled = _temp.Combine("modelled.db");
        await using (var context = Context(migrated))
        {
            await context.Database.MigrateAsync();
        }

        await using (var context = Context(modelled))
        {
            await context.Database.EnsureCreatedAsync();
        }

        var fromMigrations = Describe(migrated);
        var fromModel = Describe(modelled);
        fromMigrations.ShouldBe(fromModel);
        fromModel.ShouldContain(line => line.StartsWith("events.seq ", StringComparison.Ordinal));
        fromModel.ShouldContain("index ux_events_run_seq unique (run_id,seq)");
    }

    [Fact]
    public async Task OpenAsync_OnADatabaseOfTheFirstMigration_UpgradesItWithItsDataIntact()
    {
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        var path = Path.Combine(home, "leviathan.db");
        await using (var context = Context(path))
        {
            await context.GetService<IMigrator>().MigrateAsync("20261121000001_Initial");
            await context.Database.ExecuteSqlRawAsync("""
                INSERT INTO runs (id, goal, team, status, tokens_in, tokens_out, cost_usd, steps, wall_ms, created_at, prompt_versions)
                VALUES ('0193a000-0000-7000-8000-000000000001', 'old goal', 'software', 'succeeded', 10, 20, '0.5', 3, 4000, 1700000000000, '{{}}');
                INSERT INTO events (id, run_id, seq, kind, role, payload, ts)
                VALUES ('0193a000-0000-7000-8000-0000000000e1', '0193a000-0000-7000-8000-000000000001', 1, 'message', 'planner', '{{"content":"hello"}}', 1700000000001);
                """);
        }

        SqliteConnection.ClearAllPools();
        await using var store = await Tracing.TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, new FakeTimeProvider());
        var run = (await store.ListRunsAsync(null, 10)).Single();
        run.Goal.ShouldBe("old goal");
        run.Usage.CostUsd.ShouldBe(0.5m);
        run.EventCount.ShouldBe(1);
        (await store.ReadEventsAsync(run.Id)).Single().PayloadJson.ShouldBe("""{"content":"hello"}""");

        // The tables of the second migration exist and work on the upgraded file.
        await store.SavePlanAsync(run.Id, [new("1", "write tests", Core.Plans.PlanItemStatus.Pending)], null);
        (await store.ReadPlanAsync(run.Id)).Single().Text.ShouldBe("write tests");
    }

    private static TraceDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<TraceDbContext>()
            .UseSqlite($"Data Source={path};Pooling=False")
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    /// <summary>Every table's columns (name, type, nullability, key), indexes and foreign keys, as sorted lines.</summary>
    private static List<string> Describe(string path)
    {
        var lines = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var tables = Query(connection, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '__EF'")
            .Select(r => (string)r[0]).ToList();
        foreach (var table in tables)
        {
            foreach (var column in Query(connection, $"PRAGMA table_info('{table}')"))
            {
                lines.Add($"{table}.{column[1]} {column[2]} notnull={column[3]} pk={column[5]}");
            }

            foreach (var index in Query(connection, $"PRAGMA index_list('{table}')").Where(i => !((string)i[1]).StartsWith("sqlite_autoindex", StringComparison.Ordinal)))
            {
                var columns = Query(connection, $"PRAGMA index_info('{index[1]}')").Select(c => (string)c[2]);
                lines.Add($"index {index[1]} {((long)index[2] == 1 ? "unique" : "plain")} ({string.Join(',', columns)})");
            }

            foreach (var key in Query(connection, $"PRAGMA foreign_key_list('{table}')"))
            {
                lines.Add($"fk {table}.{key[3]} -> {key[2]}.{key[4]} on delete {key[6]}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<object[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => _temp.Dispose();
}
