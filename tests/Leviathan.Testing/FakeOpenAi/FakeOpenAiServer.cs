using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leviathan.Testing.FakeOpenAi;

/// <summary>
/// An OpenAI-compatible HTTP server on 127.0.0.1 (real Kestrel, a free port) that answers
/// <c>POST /v1/chat/completions</c> from a script and records every request.
/// <para>
/// Script it with <see cref="Enqueue"/> (answers in order) and/or <see cref="RespondWith"/> (a function of the
/// request, used when the queue is empty). A request with nothing scripted gets a 400 whose message says so,
/// which a client reports verbatim. <c>GET /v1/models</c> lists <see cref="ModelIds"/>.
/// </para>
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    /// <summary>Seconds since the epoch stamped on every reply; fixed so that replies are deterministic.</summary>
    private const long Created = 1767225600;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _queue = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly Lock _gate = new();
    private Func<FakeRequest, FakeReply>? _responder;

    private FakeOpenAiServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The base URL clients use, ending in <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Model ids listed by <c>GET /v1/models</c>.</summary>
    public IList<string> ModelIds { get; } = ["fake-model"];

    /// <summary>
    /// When set, scripted native tool calls are written into the reply's text in this format instead, as a server without
    /// native tool calls (or one that ignores <c>tools</c>) answers.
    /// </summary>
    public FakeToolCallFormat? WriteToolCallsAs { get; set; }

    /// <summary>
    /// When set, a chat request that offers <c>tools</c> is refused with <see cref="RefuseToolsStatus"/> and this message
    /// (llama.cpp without <c>--jinja</c>: 500 "tools param requires --jinja flag").
    /// </summary>
    public string? RefuseToolsMessage { get; set; }

    /// <summary>The status of a refusal of tools; 500 as llama.cpp answers (Ollama answers 400).</summary>
    public int RefuseToolsStatus { get; set; } = 500;

    /// <summary>llama.cpp: <c>GET /props</c> answers <c>default_generation_settings.n_ctx</c> with this; null: no such route.</summary>
    public int? LlamaCppContext { get; set; }

    /// <summary>vLLM: <c>GET /v1/models</c> lists <c>max_model_len</c> with this for each model; null: not listed.</summary>
    public int? VllmMaxModelLen { get; set; }

    /// <summary>Ollama: <c>POST /api/show</c> answers <c>model_info["llama.context_length"]</c> with this; null: no such route.</summary>
    public int? OllamaContextLength { get; set; }

    /// <summary>Ollama: the <c>num_ctx</c> line in <c>/api/show</c>'s <c>parameters</c>; null: not set.</summary>
    public int? OllamaNumCtx { get; set; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Chat requests only (POST …/chat/completions).</summary>
    public IReadOnlyList<FakeRequest> ChatRequests => Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();

    /// <summary>The results of every call of <paramref name="tool"/> as the model received them (the tool message answering each call), in order.</summary>
    public List<string> ToolResultsOf(string tool)
    {
        var results = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in ChatRequests)
        {
            var calls = request.Messages
                .Where(m => m["role"]?.GetValue<string>() == "assistant" && m["tool_calls"] is JsonArray)
                .SelectMany(m => m["tool_calls"]!.AsArray())
                .Where(c => c!["function"]!["name"]!.GetValue<string>() == tool)
                .Select(c => c!["id"]!.GetValue<string>())
                .ToHashSet(StringComparer.Ordinal);
            foreach (var (callId, content) in request.ToolResults)
            {
                if (calls.Contains(callId) && seen.Add(callId))
                {
                    results.Add(content);
                }
            }
        }

        return results;
    }

    /// <summary>Scripted replies not yet used.</summary>
    public int PendingReplies => _queue.Count;

    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeOpenAiServer(builder.Build());
        await server._app.StartAsync(cancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    /// <summary>Queues replies; each chat request takes the next one.</summary>
    public FakeOpenAiServer Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _queue.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Answers every chat request the queue does not cover with <paramref name="responder"/>.</summary>
    public FakeOpenAiServer RespondWith(Func<FakeRequest, FakeReply> responder)
    {
        _responder = responder;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await CaptureAsync(context);
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value?.EndsWith("/models", StringComparison.Ordinal) == true)
        {
            var data = new JsonArray(ModelIds.Select(id =>
            {
                var entry = new JsonObject { ["id"] = id, ["object"] = "model", ["owned_by"] = "fake" };
                if (VllmMaxModelLen is { } maxModelLen)
                {
                    entry["max_model_len"] = maxModelLen;
                }

                return (JsonNode)entry;
            }).ToArray());
            await WriteJsonAsync(context, 200, new JsonObject { ["object"] = "list", ["data"] = data });
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value == "/props" && LlamaCppContext is { } nCtx)
        {
            await WriteJsonAsync(context, 200, new JsonObject
            {
                ["default_generation_settings"] = new JsonObject { ["n_ctx"] = nCtx, ["temperature"] = 0.8 },
                ["total_slots"] = 1,
                ["model_path"] = "/models/fake.gguf",
            });
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value == "/api/show" && OllamaContextLength is { } contextLength)
        {
            var show = new JsonObject
            {
                ["modelfile"] = "FROM fake",
                ["model_info"] = new JsonObject { ["general.architecture"] = "llama", ["llama.context_length"] = contextLength, ["llama.embedding_length"] = 4096 },
            };
            if (OllamaNumCtx is { } numCtx)
            {
                show["parameters"] = $"num_ctx                        {numCtx.ToString(CultureInfo.InvariantCulture)}\nstop                           \"<|eot_id|>\"";
            }

            await WriteJsonAsync(context, 200, show);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.Value?.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            await WriteJsonAsync(context, 404, ErrorBody($"fake server: no route for {context.Request.Method} {context.Request.Path}"));
            return;
        }

        if (RefuseToolsMessage is { } refusal && request.ToolNames.Count > 0)
        {
            await WriteJsonAsync(context, RefuseToolsStatus, ErrorBody(refusal, RefuseToolsStatus >= 500 ? "server_error" : "invalid_request_error"));
            return;
        }

        var reply = _queue.TryDequeue(out var next) ? next : _responder?.Invoke(request);
        if (reply is not null && WriteToolCallsAs is { } format)
        {
            reply = reply.AsText(format);
        }

        if (reply is null)
        {
            await WriteJsonAsync(context, 400, ErrorBody(
                $"fake server: no reply scripted for request #{request.Index} (last message: '{Shorten(request.LastMessageText)}')"));
            return;
        }

        if (reply.Delay != TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.DropConnection)
        {
            context.Abort();
            return;
        }

        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        if (reply.StatusCode is < 200 or >= 300)
        {
            await WriteJsonAsync(context, reply.StatusCode, ErrorBody(reply.ErrorMessage ?? "error"));
            return;
        }

        var id = $"chatcmpl-fake-{request.Index.ToString(CultureInfo.InvariantCulture)}";
        var model = reply.Model ?? request.Model ?? "fake-model";
        if (request.IsStreaming)
        {
            await StreamAsync(context, reply, request, id, model);
        }
        else
        {
            await WriteCompletionAsync(context, reply, request, id, model);
        }
    }

    private async Task<FakeRequest> CaptureAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        lock (_gate)
        {
            var request = new FakeRequest(_requests.Count, context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body);
            _requests.Add(request);
            return request;
        }
    }

    private static async Task WriteCompletionAsync(HttpContext context, FakeReply reply, FakeRequest request, string id, string model)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (reply.Reasoning is not null)
        {
            message[reply.ReasoningField] = reply.Reasoning;
        }

        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(reply.ToolCalls.Select((call, i) => (JsonNode)new JsonObject
            {
                ["id"] = CallId(call, request, i),
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
            }).ToArray());
        }

        var body = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = Created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = reply.EffectiveFinishReason }),
        };
        if (reply.Usage is { } usage)
        {
            body["usage"] = UsageNode(usage);
        }

        if (reply.Truncation == FakeTruncation.None)
        {
            await WriteJsonAsync(context, 200, body);
            return;
        }

        var text = body.ToJsonString();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (reply.Truncation == FakeTruncation.Abort)
        {
            // Announce the full length, send half, then drop: the client sees a premature end of the body.
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(text);
            await context.Response.WriteAsync(text[..(text.Length / 2)], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        }
        else
        {
            await context.Response.WriteAsync(text[..(text.Length / 2)], context.RequestAborted);
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeReply reply, FakeRequest request, string id, string model)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        var chunks = new List<JsonObject> { Chunk(id, model, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null) };
        foreach (var piece in Split(reply.Reasoning, reply.ChunkSize))
        {
            chunks.Add(Chunk(id, model, new JsonObject { [reply.ReasoningField] = piece }, null));
        }

        foreach (var piece in Split(reply.Content, reply.ChunkSize))
        {
            chunks.Add(Chunk(id, model, new JsonObject { ["content"] = piece }, null));
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            chunks.Add(Chunk(id, model, ToolDelta(i, new JsonObject
            {
                ["id"] = CallId(call, request, i),
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty },
            }), null));
            foreach (var piece in Split(call.ArgumentsJson, reply.ChunkSize))
            {
                chunks.Add(Chunk(id, model, ToolDelta(i, new JsonObject { ["function"] = new JsonObject { ["arguments"] = piece } }), null));
            }
        }

        chunks.Add(Chunk(id, model, new JsonObject(), reply.EffectiveFinishReason));
        if (reply.Usage is { } usage)
        {
            chunks.Add(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = Created,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = UsageNode(usage),
            });
        }

        var limit = reply.Truncation == FakeTruncation.None ? chunks.Count : Math.Min(reply.TruncateAfterChunks, chunks.Count - 1);
        for (var i = 0; i < limit; i++)
        {
            await context.Response.WriteAsync($"data: {chunks[i].ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        switch (reply.Truncation)
        {
            case FakeTruncation.None:
                await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
                break;
            case FakeTruncation.Abort:
                context.Abort();
                break;
            case FakeTruncation.EndEarly:
                break;
            case FakeTruncation.Stall:
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                break;
        }
    }

    private static JsonObject ToolDelta(int index, JsonObject call)
    {
        call["index"] = index;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Chunk(string id, string model, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static JsonObject UsageNode((int Prompt, int Completion) usage) => new()
    {
        ["prompt_tokens"] = usage.Prompt,
        ["completion_tokens"] = usage.Completion,
        ["total_tokens"] = usage.Prompt + usage.Completion,
    };

    private static string CallId(FakeToolCall call, FakeRequest request, int i) =>
        call.Id ?? $"call_{request.Index.ToString(CultureInfo.InvariantCulture)}_{i.ToString(CultureInfo.InvariantCulture)}";

    private static IEnumerable<string> Split(string? text, int size)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private static JsonObject ErrorBody(string message, string type = "invalid_request_error") =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = null } };

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
