using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Tests;

public sealed class RunsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task List_WithNoRuns_SaysSo()
    {
        var result = await _cli.RunAsync("runs", "list");
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("no runs recorded yet");
        File.Exists(Path.Combine(_cli.Home, "leviathan.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task List_ShowsRunsAndFiltersByStatus()
    {
        var (solved, _) = await SeedAsync();
        var table = await _cli.RunAsync("runs", "list");
        table.ExitCode.ShouldBe(0);
        table.Stdout.ShouldNotContain(solved.ToString(), Case.Insensitive, "tables show short ids");
        var shown = System.Text.RegularExpressions.Regex.Matches(table.Stdout, @"(?m)^\s*([0-9a-f][0-9a-f-]{7,35})\s").Select(m => m.Groups[1].Value).ToList();
        shown.Count.ShouldBe(2);
        shown.ShouldAllBe(id => id.Length >= 8);
        var solvedShort = shown.Single(id => solved.ToString().StartsWith(id, StringComparison.Ordinal));
        (await _cli.RunAsync("runs", "show", solvedShort)).Stdout.ShouldContain($"run       {solved}");
        table.Stdout.ShouldContain("succeeded");
        table.Stdout.ShouldContain("stuck");

        var json = await _cli.RunAsync("runs", "list", "--status", "stuck", "--json");
        json.ExitCode.ShouldBe(0);
        var runs = JsonDocument.Parse(json.Stdout).RootElement;
        runs.GetArrayLength().ShouldBe(1);
        runs[0].GetProperty("status").GetString().ShouldBe("stuck");
        runs[0].GetProperty("reason").GetString().ShouldBe("same error three times");
    }

    [Fact]
    public async Task List_WithAnUnknownStatus_IsAUsageErrorListingTheStatuses()
    {
        var result = await _cli.RunAsync("runs", "list", "--status", "done");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'done' is not a run status");
        result.Stderr.ShouldContain("failed_verification");
    }

    [Fact]
    public async Task Show_PrintsTheSummaryAndNestsToolResultsUnderTheirCalls()
    {
        var (solved, _) = await SeedAsync();
        var result = await _cli.RunAsync("runs", "show", solved.ToString()[..30]);

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("goal      add a --version flag");
        result.Stdout.ShouldContain("status    succeeded — tests pass");
        result.Stdout.ShouldContain("events    3, 1 error(s)");
        var lines = result.Stdout.Split('\n');
        var call = lines.Single(l => l.Contains("tool_call", StringComparison.Ordinal));
        var output = lines.Single(l => l.Contains("tool_result", StringComparison.Ordinal));
        call.ShouldContain("└ engineer tool_call  run_command(");
        output.ShouldContain("    └ engineer tool_result  error exit 1: 1 failed");
        output.ShouldContain("(1.50 s)");
        output.ShouldContain("[ERROR]");
    }

    [Fact]
    public async Task Show_Json_GivesTheRunAndItsEvents()
    {
        var (solved, _) = await SeedAsync();
        var result = await _cli.RunAsync("runs", "show", solved.ToString(), "--json");
        result.ExitCode.ShouldBe(0);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        root.GetProperty("run").GetProperty("run_id").GetString().ShouldBe(solved.ToString());
        root.GetProperty("events").GetArrayLength().ShouldBe(3);
        root.GetProperty("events")[2].GetProperty("payload").GetProperty("exit_code").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Show_UnknownRun_FailsWithExitOneAndAHint()
    {
        await SeedAsync();
        var missing = Guid.CreateVersion7();
        var result = await _cli.RunAsync("runs", "show", missing.ToString());
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldBe($"error: there is no run {missing}\nhint: list the runs with 'leviathan runs list'\n");
    }

    [Fact]
    public async Task Show_NotAnId_IsAUsageError()
    {
        var result = await _cli.RunAsync("runs", "show", "xyz!");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'xyz!' is not a run id");
    }

    [Fact]
    public async Task Export_All_WritesJsonLinesWithHeadersAndEvents()
    {
        await SeedAsync();
        var file = Path.Combine(_cli.Scratch, "out", "runs.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var result = await _cli.RunAsync("runs", "export", "--all", "--out", file);

        result.ExitCode.ShouldBe(0);
        result.Stderr.ShouldContain("exported 2 run(s), 3 event(s)");
        var lines = await File.ReadAllLinesAsync(file);
        lines.Length.ShouldBe(5);
        lines.Count(l => l.Contains("\"type\":\"run\"", StringComparison.Ordinal)).ShouldBe(2);
        Directory.GetFiles(Path.GetDirectoryName(file)!).ShouldBe([file]);
    }

    [Fact]
    public async Task Export_WithoutIdOrAll_IsAUsageError()
    {
        var result = await _cli.RunAsync("runs", "export", "--out", Path.Combine(_cli.Scratch, "x.jsonl"));
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("give one of a run ID, --all or --evaluation ID");
    }

    [Fact]
    public async Task AnyRunsCommand_OnACorruptDatabase_FailsAndLeavesTheFileUntouched()
    {
        Directory.CreateDirectory(_cli.Home);
        var path = Path.Combine(_cli.Home, "leviathan.db");
        var junk = new byte[4096];
        Random.Shared.NextBytes(junk);
        await File.WriteAllBytesAsync(path, junk);

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldStartWith($"error: {path} cannot be used as the trace store: it is not a SQLite database");
        result.Stderr.ShouldNotContain("   at ");
        (await File.ReadAllBytesAsync(path)).ShouldBe(junk);
    }

    [Fact]
    public async Task AnyRunsCommand_WithAnUnwritableHome_FailsWithAHint()
    {
        var result = await _cli.RunAsync("--home", "/sys/leviathan", "runs", "list");
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("cannot be created");
        result.Stderr.ShouldContain("hint: choose a writable folder");
    }

    private async Task<(Guid Solved, Guid Stuck)> SeedAsync()
    {
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _cli.Home }, _cli.Time);
        var solved = await store.CreateRunAsync(new RunSpec("add a --version flag", "software", "default", "/ws"));
        await using (var writer = await store.OpenWriterAsync(solved.Id))
        {
            var message = writer.Append(new NewEvent(EventKind.Message, "engineer", """{"role":"assistant","content":"running the tests"}"""));
            var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer", """{"call_id":"c1","name":"run_command","arguments":{"command":"pytest -q"}}""", message.Id));
            writer.Append(new NewEvent(EventKind.ToolResult, "engineer", """{"call_id":"c1","is_error":true,"exit_code":1,"text":"1 failed"}""", call.Id, TimeSpan.FromSeconds(1.5)));
            await writer.FlushAsync();
        }

        await store.CompleteRunAsync(solved.Id, RunStatus.Succeeded, "tests pass", new RunUsage(1200, 300, 0.002m, 4, TimeSpan.FromSeconds(20)));
        _cli.Time.Advance(TimeSpan.FromMinutes(1));
        var stuck = await store.CreateRunAsync(new RunSpec("fix the parser", "software", "default", "/ws"));
        await store.CompleteRunAsync(stuck.Id, RunStatus.Stuck, "same error three times", RunUsage.None);
        return (solved.Id, stuck.Id);
    }

    public void Dispose() => _cli.Dispose();
}
