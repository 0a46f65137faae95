using Leviathan.Testing;

namespace Leviathan.Persistence.Tests;

/// <summary>One private PostgreSQL server for every PostgreSQL test of this assembly; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "postgres";

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
