using Leviathan.Core.Runs;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Persistence.Tests;

/// <summary>A fresh home folder with a real store per test: SQLite, or a fresh PostgreSQL database in subclasses.</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private TraceStoreOptions? _options;

    protected TempDirectory Temp { get; } = new("leviathan-store");

    protected FakeTimeProvider Time { get; } = new();

    protected string Home => Temp.Combine("home");

    protected string DatabasePath => Path.Combine(Home, "leviathan.db");

    protected TraceStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        _options = await CreateOptionsAsync();
        Store = await OpenAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Temp.Dispose();
    }

    protected Task<TraceStore> OpenAsync(int batchSize = 512) =>
        TraceStore.OpenAsync(_options! with { BatchSize = batchSize }, Time);

    /// <summary>Where this test's store lives; called once per test.</summary>
    protected virtual Task<TraceStoreOptions> CreateOptionsAsync() => Task.FromResult(new TraceStoreOptions { Home = Home });

    protected Task<RunRecord> NewRunAsync(string goal = "make the tests pass") =>
        Store.CreateRunAsync(new RunSpec(goal, "software", "default", "/tmp/ws", new RunBudget(MaxTokens: 1000), PromptVersions: new Dictionary<string, string> { ["planner"] = "planner@1" }));
}
