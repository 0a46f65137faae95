using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

// What the model layer costs on top of the HTTP round trip, against the in-process fake server on 127.0.0.1.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Models [-- --parse-only]   (--parse-only: text tool-call parsing and token counting only)
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Models -- --prompt-tokens [cassette.jsonl]   (tokens per engineer call)
if (args.Length > 0 && args[0] == "--prompt-tokens")
{
    PromptTokens.Report(args.Length > 1 ? args[1] : Path.Combine("examples", "agent-task", "cassette.jsonl"));
    return;
}

const int Warmup = 50;
const int Iterations = 400;

// 0. Text tool-call parsing (target: under 0.1 ms per 8 KB reply): parse plus conversion to FunctionCallContent, no I/O.
var tools = new HashSet<string>(["read_file", "write_file", "edit_file", "run_command", "finish"], StringComparer.Ordinal);
// The code is sized so that each reply is 8 KB once JSON-escaped.
var code = CodeOf(5600);
var arguments = JsonSerializer.Serialize(new { path = "src/calc.py", content = code });
var call = "{\"name\": \"write_file\", \"arguments\": " + arguments + "}";
var thought = "The test fails because add() subtracts; I will rewrite calc.py with the fix and keep the rest as it is.\n\n";
var replies = new (string Name, string Text)[]
{
    ("hermes <tool_call>", thought + "<tool_call>\n" + call + "\n</tool_call>"),
    ("mistral [TOOL_CALLS]", "[TOOL_CALLS] [" + call + "]"),
    ("json fenced block", thought + "```json\n" + call + "\n```"),
    ("llama <function=...>", thought + "<function=write_file>" + arguments + "</function>"),
    ("react Action / Action Input", "Thought: " + thought + "Action: write_file\nAction Input: " + arguments),
    ("no call (prose and a python block)", thought + "Here is the file:\n\n```python\n" + CodeOf(8000) + "\n```\nIt {should} work [now]."),
};
// Every format is warmed up first, so that the first one measured does not pay for the JIT's tiering.
for (var i = 0; i < 3000; i++)
{
    foreach (var (_, text) in replies)
    {
        TextToolCallParser.ToContents(TextToolCallParser.Parse(text, tools), text);
    }
}

foreach (var (name, text) in replies)
{
    Report($"parse {text.Length / 1024.0:0.0} KB reply: {name}", await MeasureAsync(() =>
    {
        var parse = TextToolCallParser.Parse(text, tools);
        _ = TextToolCallParser.ToContents(parse, text);
        return Task.CompletedTask;
    }, 4000, warmup: 2000));
}

// 0b. Token counting with a real tokenizer (target: under 1 ms per 8 KB message).
var message = thought + "Here is the file:\n\n```python\n" + CodeOf(8000) + "\n```\n";
foreach (var encoding in TokenCounters.Encodings)
{
    var counter = TokenCounters.For(new ModelProfile("perf", new Uri("http://127.0.0.1:9/v1/"), "m", null, 8192, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1)) { Tokenizer = encoding });
    var fresh = 0;
    Report($"count {message.Length / 1024.0:0.0} KB message: {encoding} ({counter.Count(message)} tokens)", await MeasureAsync(() =>
    {
        // A new text each time: counts of texts seen before are remembered, and this measures the tokenizer itself.
        _ = counter.Count(message + fresh++.ToString(CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }, 2000, warmup: 500));
    Report($"count the same {message.Length / 1024.0:0.0} KB message again: {encoding}", await MeasureAsync(() =>
    {
        _ = counter.Count(message);
        return Task.CompletedTask;
    }, 2000, warmup: 500));
}

// 0b'. What context trimming pays per step with a tokenizer: a whole 60-message conversation counted again, one message new.
{
    var counter = TokenCounters.For(new ModelProfile("perf", new Uri("http://127.0.0.1:9/v1/"), "m", null, 8192, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1)) { Tokenizer = "o200k_base" });
    var conversation = Conversation(60);
    var step = 0;
    Report("count a 60-message conversation again, 1 new (o200k)", await MeasureAsync(() =>
    {
        conversation[^1] = new ChatMessage(ChatRole.User, message + "step " + step++.ToString(CultureInfo.InvariantCulture));
        _ = TokenEstimator.CountInput(conversation, null, counter);
        return Task.CompletedTask;
    }, 1000, warmup: 200));
}

// 0c. The same with a Hugging Face tokenizer.json (byte-level BPE, 2000 merges learned from code and prose here).
var tokenizerJson = Path.Combine(Path.GetTempPath(), $"leviathan-perf-tokenizer-{Guid.NewGuid():N}.json");
SyntheticBpe.Write(tokenizerJson, CodeOf(20000) + string.Concat(Enumerable.Repeat(thought, 50)), merges: 2000);
{
    var counter = TokenCounters.For(new ModelProfile("perf", new Uri("http://127.0.0.1:9/v1/"), "m", null, 8192, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1)) { Tokenizer = tokenizerJson });
    var fresh = 0;
    Report($"count {message.Length / 1024.0:0.0} KB message: tokenizer.json BPE ({counter.Count(message)} tokens)", await MeasureAsync(() =>
    {
        _ = counter.Count(message + fresh++.ToString(CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }, 2000, warmup: 500));
}

File.Delete(tokenizerJson);

if (args.Contains("--parse-only"))
{
    return;
}

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

// 2a. Microsoft.Extensions.AI's OpenAI client alone (the library's mapping, no Leviathan layer), same connection pool settings.
using var libraryHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
var library = Leviathan.Models.OpenAi.OpenAiEndpoint.Create(profile, null, libraryHttp);
Report("M.E.AI OpenAI client alone (40 messages)", await MeasureAsync(() => library.GetResponseAsync(history, options)));

// 2. The full client: the library's client + local-server fields + errors + resilience + accounting.
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

static string CodeOf(int length)
{
    var builder = new StringBuilder();
    for (var i = 0; builder.Length < length; i++)
    {
        builder.Append(CultureInfo.InvariantCulture, $"def f{i}(a, b):\n    d = {{\"k\": [a, b, \"}}{{\"]}}\n    return d[\"k\"][0] + b  # '</tool_call>' stays a string\n\n");
    }

    return builder.ToString();
}

static async Task<List<double>> MeasureAsync(Func<Task> action, int iterations = Iterations, int warmup = Warmup)
{
    for (var i = 0; i < warmup; i++)
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
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} median {median,8:0.0} us   p90 {p90,8:0.0} us   (n={samples.Count})"));
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
