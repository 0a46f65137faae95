using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary>The store provider is chosen by configuration alone: the same commands against a real PostgreSQL server.</summary>
public sealed class PostgresStoreCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private PostgresServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    [Fact]
    public async Task RunsCommands_WithStoreProviderPostgres_ReadWhatTheStoreWroteThere()
    {
        var connection = await _server.CreateDatabaseAsync();
        Guid runId;
        await using (var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _cli.Home, Provider = "postgres", Connection = connection }, _cli.Time))
        {
            var run = await store.CreateRunAsync(new RunSpec("fix the parser", "software", "default", "/ws"));
            runId = run.Id;
            await using (var writer = await store.OpenWriterAsync(run.Id))
            {
                var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer", """{"call_id":"c1","name":"run_command","arguments":{"command":"pytest -q"}}"""));
                writer.Append(new NewEvent(EventKind.ToolResult, "engineer", """{"call_id":"c1","is_error":false,"exit_code":0,"text":"3 passed"}""", call.Id));
                await writer.FlushAsync();
            }

            await store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "tests pass", RunUsage.None);
        }

        _cli.Variables["LEVIATHAN_STORE__PROVIDER"] = "postgres";
        _cli.Variables["LEVIATHAN_STORE__CONNECTION"] = connection;

        var list = await _cli.RunAsync("runs", "list", "--json");
        list.ExitCode.ShouldBe(0, list.Stderr);
        var runs = JsonDocument.Parse(list.Stdout).RootElement;
        runs.GetArrayLength().ShouldBe(1);
        runs[0].GetProperty("status").GetString().ShouldBe("succeeded");

        var show = await _cli.RunAsync("runs", "show", runId.ToString()[..8]);
        show.ExitCode.ShouldBe(0, show.Stderr);
        show.Stdout.ShouldContain("fix the parser");
        show.Stdout.ShouldContain("run_command");
        show.Stdout.ShouldContain("3 passed");
        File.Exists(Path.Combine(_cli.Home, "leviathan.db")).ShouldBeFalse();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }
}
