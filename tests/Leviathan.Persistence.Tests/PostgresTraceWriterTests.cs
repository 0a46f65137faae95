namespace Leviathan.Persistence.Tests;

/// <summary>The tests of TraceWriterTests against a real PostgreSQL server (store.provider: postgres).</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresTraceWriterTests(PostgresFixture postgres) : TraceWriterTests
{
    protected override async Task<TraceStoreOptions> CreateOptionsAsync() =>
        new() { Home = Home, Provider = "postgres", Connection = await postgres.Server.CreateDatabaseAsync() };
}
