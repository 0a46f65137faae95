using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

// What the model layer costs on top of the HTTP round trip, against the in-process fake server on 127.0.0.1.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Models
const int Warmup = 50;
const int Iterations = 400;

await using var server = await FakeOpenAiServer.StartAsync();
server.RespondWith(_ => FakeReply.ToolCall("run", new { command = "dotnet test --filter Parser" }).WithText(new string('a', 400)).WithUsage(1200, 60));
var profile = new ModelProfile("default", server.BaseUrl, "fake-model", null, 32768, 0.5m, 1.5m, ModelCapabilities.ToolCalls | ModelCapabilities.Streaming, TimeSpan.FromMinutes(2));
using var factory = new ModelClientFactory();
var tool = AIFunctionFactory.CreateDeclaration("run", "Run a command", JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}""").RootElement);
var options = new ChatOptions { Tools = [tool] };
var history = Conversation(40);

// 1. Raw HTTP: the same request body posted with HttpClient, the floor for any client.
using var http = new HttpClient();
var body = RawBody(history);
Report("raw HttpClient POST (40 messages)", await MeasureAsync(async () =>
{
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(new Uri(server.BaseUrl, "chat/completions"), content);
    await response.Content.ReadAsStringAsync();
}));

// 2. The full client: SDK adapter + resilience + accounting.
var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: long.MaxValue / 2));
var client = factory.Create(profile, new ModelClientOptions { Ledger = ledger });
Report("full client GetResponseAsync (40 messages)", await MeasureAsync(() => client.GetResponseAsync(history, options)));
Report("full client streaming (40 messages, ~60 chunks)", await MeasureAsync(async () =>
{
    await foreach (var update in client.GetStreamingResponseAsync(history, options))
    {
        _ = update;
    }
}));

// 3. Recording and replay of the same call.
var path = Path.Combine(Path.GetTempPath(), $"leviathan-perf-{Guid.NewGuid():N}.jsonl");
var recorder = factory.Create(profile, new ModelClientOptions { Cassette = Cassette.StartRecording(path) });
Report("recording client (adds normalize + hash + append)", await MeasureAsync(() => recorder.GetResponseAsync(history, options)));
var replayCassette = Cassette.Load(path);
var replayer = factory.Create(profile, new ModelClientOptions { Cassette = replayCassette });
Report("replay from cassette (no network)", await MeasureAsync(() => replayer.GetResponseAsync(history, options), Math.Min(Iterations, replayCassette.Remaining - Warmup)));
File.Delete(path);

static async Task<List<double>> MeasureAsync(Func<Task> action, int iterations = Iterations)
{
    for (var i = 0; i < Warmup; i++)
    {
        await action();
    }

    var samples = new List<double>(iterations);
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }

    return samples;
}

static void Report(string name, List<double> samples)
{
    samples.Sort();
    var median = samples[samples.Count / 2];
    var p90 = samples[(int)(samples.Count * 0.9)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} median {median,8:0} us   p90 {p90,8:0} us   (n={samples.Count})"));
}

static List<ChatMessage> Conversation(int messages)
{
    var list = new List<ChatMessage> { new(ChatRole.System, "You are a careful software engineer. " + new string('s', 2000)) };
    for (var i = 1; i < messages; i++)
    {
        list.Add(i % 2 == 1
            ? new ChatMessage(ChatRole.User, $"step {i}: " + new string('u', 600))
            : new ChatMessage(ChatRole.Assistant, $"answer {i}: " + new string('a', 600)));
    }

    return list;
}

static string RawBody(List<ChatMessage> history) => JsonSerializer.Serialize(new
{
    model = "fake-model",
    messages = history.Select(m => new { role = m.Role.Value, content = m.Text }),
    tools = new[] { new { type = "function", function = new { name = "run", description = "Run a command", parameters = new { type = "object" } } } },
});
