using System.Net;
using System.Text.Json;
using Leviathan.Persistence.Keys;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Jobs;

/// <summary>A run queued over HTTP, executed by the server's worker with a scripted model in a real sandbox, and read back over HTTP.</summary>
public sealed class JobRunEndToEndTests
{
    [Fact]
    public async Task CreateRun_WithAScriptedModel_RunsToSucceeded_AndItsEventsPlanDiffAndArtifactsAreReadable()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue(ExampleTask.Script());
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var workspace = ExampleTask.CopyTo(server.WorkspaceRoot, "calc");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync(
            "/v1/runs",
            JobPolling.Json($$"""{"goal":{{JobPolling.Quote(ExampleTask.Goal)}},"workspace":{{JobPolling.Quote(workspace)}},"verify_command":{{JobPolling.Quote(ExampleTask.Verify)}},"max_steps":30}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());

        var job = await JobPolling.WaitDoneAsync(client, created.Headers.Location!.ToString());
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        var runId = job.GetProperty("run_id").GetGuid();

        var run = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}")).RootElement;
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("workspace").GetString().ShouldBe(workspace);
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");

        var events = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/events?limit=500")).RootElement.GetProperty("items").EnumerateArray().ToList();
        events.ShouldContain(e => e.GetProperty("kind").GetString() == "tool_call" && e.GetProperty("payload").GetProperty("name").GetString() == "edit_file");
        events[^1].GetProperty("payload").GetProperty("status").GetString().ShouldBe("succeeded");

        var plan = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/plan")).RootElement;
        plan.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()).ShouldAllBe(s => s == "done");

        var diff = await client.GetStringAsync($"/v1/runs/{runId}/diff");
        diff.ShouldContain("+    return a + b");

        var artifacts = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/artifacts")).RootElement.GetProperty("items").EnumerateArray().ToList();
        var patch = artifacts.Single(a => a.GetProperty("path").GetString() == "run.patch");
        (await client.GetStringAsync($"/v1/runs/{runId}/artifacts/{patch.GetProperty("sha256").GetString()}")).ShouldBe(diff);
    }
}
