namespace Leviathan.Persistence.Tests;

/// <summary>The tests of RunLifecycleTests against a real PostgreSQL server (store.provider: postgres).</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresRunLifecycleTests(PostgresFixture postgres) : RunLifecycleTests
{
    protected override async Task<TraceStoreOptions> CreateOptionsAsync() =>
        new() { Home = Home, Provider = "postgres", Connection = await postgres.Server.CreateDatabaseAsync() };
}
