using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Export;

namespace Leviathan.Persistence.Tests;

public class ExportTests : StoreTestBase
{
    [Fact]
    public async Task ExportAsync_WritesAHeaderPerRunThenItsEventsAsJsonLines()
    {
        var solved = await NewRunAsync("solved");
        await using (var writer = await Store.OpenWriterAsync(solved.Id))
        {
            var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer", """{"call_id":"a","name":"write_file","arguments":{"path":"x.py","content":"print(1)"}}"""));
            writer.Append(new NewEvent(EventKind.ToolResult, "engineer", """{"call_id":"a","is_error":false,"text":"wrote x.py"}""", ParentId: call.Id, Duration: TimeSpan.FromMilliseconds(2.5)));
            await writer.FlushAsync();
        }

        await Store.CompleteRunAsync(solved.Id, RunStatus.Succeeded, "tests pass", new RunUsage(100, 50, 0.01m, 2, TimeSpan.FromSeconds(3)));
        var failed = await NewRunAsync("failed");
        await Store.CompleteRunAsync(failed.Id, RunStatus.FailedVerification, "2 tests fail", RunUsage.None);

        using var output = new MemoryStream();
        var lines = await TraceExporter.ExportAsync(Store, [(await Store.FindRunAsync(solved.Id))!, (await Store.FindRunAsync(failed.Id))!], output);

        lines.ShouldBe(4);
        var parsed = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        parsed.Count.ShouldBe(4);

        var header = parsed[0];
        header.GetProperty("type").GetString().ShouldBe("run");
        header.GetProperty("schema").GetString().ShouldBe("leviathan.trace/1");
        header.GetProperty("status").GetString().ShouldBe("succeeded");
        header.GetProperty("success").GetBoolean().ShouldBeTrue();
        header.GetProperty("usage").GetProperty("tokens_in").GetInt64().ShouldBe(100);
        header.GetProperty("event_count").GetInt64().ShouldBe(2);

        var result = parsed[2];
        result.GetProperty("type").GetString().ShouldBe("event");
        result.GetProperty("seq").GetInt64().ShouldBe(2);
        result.GetProperty("kind").GetString().ShouldBe("tool_result");
        result.GetProperty("parent_id").GetString().ShouldBe(parsed[1].GetProperty("id").GetString());
        result.GetProperty("duration_ms").GetDouble().ShouldBe(2.5);
        result.GetProperty("payload").GetProperty("text").GetString().ShouldBe("wrote x.py");

        parsed[3].GetProperty("status").GetString().ShouldBe("failed_verification");
        parsed[3].GetProperty("success").GetBoolean().ShouldBeFalse();
        parsed[3].GetProperty("reason").GetString().ShouldBe("2 tests fail");
    }
}
