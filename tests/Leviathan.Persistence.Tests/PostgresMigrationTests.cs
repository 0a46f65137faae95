using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Leviathan.Persistence.Tests;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrate_OnPostgres_ProducesExactlyTheSchemaOfTheModel()
    {
        var migrated = await postgres.Server.CreateDatabaseAsync();
        var modelled = await postgres.Server.CreateDatabaseAsync();
        await using (var context = Context(migrated))
        {
            await context.Database.MigrateAsync();
        }

        await using (var context = Context(modelled))
        {
            await context.Database.EnsureCreatedAsync();
        }

        var fromMigrations = await DescribeAsync(migrated);
        var fromModel = await DescribeAsync(modelled);
        fromMigrations.ShouldBe(fromModel);
        fromModel.ShouldContain("events.seq bigint nullable=NO");
        fromModel.ShouldContain(line => line.StartsWith("index ux_events_run_seq CREATE UNIQUE INDEX", StringComparison.Ordinal));
    }

    private static TraceDbContext Context(string connection) =>
        new(new DbContextOptionsBuilder<TraceDbContext>()
            .UseNpgsql(connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    /// <summary>Every column (type, nullability), index and foreign key of the public schema, as sorted lines.</summary>
    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await ReadAsync(
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' nullable=' || is_nullable FROM information_schema.columns " +
            "WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'");
        await ReadAsync("SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'");
        await ReadAsync(
            "SELECT 'fk ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace");
        lines.Sort(StringComparer.Ordinal);
        return lines;

        async Task ReadAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
    }
}
