namespace Leviathan.Persistence.Tests;

/// <summary>The tests of ExportTests against a real PostgreSQL server (store.provider: postgres).</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresExportTests(PostgresFixture postgres) : ExportTests
{
    protected override async Task<TraceStoreOptions> CreateOptionsAsync() =>
        new() { Home = Home, Provider = "postgres", Connection = await postgres.Server.CreateDatabaseAsync() };
}
