namespace Leviathan.Persistence.Tests;

/// <summary>The tests of RunOwnerTests against a real PostgreSQL server (store.provider: postgres).</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresRunOwnerTests(PostgresFixture postgres) : RunOwnerTests
{
    protected override async Task<TraceStoreOptions> CreateOptionsAsync() =>
        new() { Home = Home, Provider = "postgres", Connection = await postgres.Server.CreateDatabaseAsync() };
}
