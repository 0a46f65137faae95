using System.Globalization;
using System.Net.ServerSentEvents;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leviathan.Server.Runs;

/// <summary>
/// A run's live events as Server-Sent Events. The status and headers go out at once, before the first event, so a client
/// following a quiet run sees the stream open; while no event comes, a comment line (<c>: keep-alive</c>) is sent every
/// <c>serve.stream_heartbeat_seconds</c> so that proxies and clients with idle timeouts keep the connection.
/// </summary>
internal sealed class EventStreamResult(IAsyncEnumerable<SseItem<EventResource>> events, TimeSpan heartbeat, TimeProvider time)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>Declares the stream in the endpoint's metadata, as the framework's own SSE result does.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventResource), ["text/event-stream"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        var info = (JsonTypeInfo<EventResource>)httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(typeof(EventResource));

        // Headers now: without this they would wait for the first event, and a client following a quiet run would see nothing.
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        Task<bool>? next = null;
        try
        {
            var lastWrite = time.GetTimestamp();
            var tick = Task.Delay(heartbeat, time, cancellationToken);
            while (true)
            {
                next = enumerator.MoveNextAsync().AsTask();

                // One timer at a time: when it fires, a comment goes out only if nothing was written for a whole interval.
                while (await Task.WhenAny(next, tick) == tick)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var quiet = time.GetElapsedTime(lastWrite);
                    if (quiet >= heartbeat)
                    {
                        await response.Body.WriteAsync(KeepAlive, cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        lastWrite = time.GetTimestamp();
                        quiet = TimeSpan.Zero;
                    }

                    tick = Task.Delay(heartbeat - quiet, time, cancellationToken);
                }

                var more = await next;
                next = null;
                if (!more)
                {
                    return;
                }

                await response.Body.WriteAsync(Format(enumerator.Current, info), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                lastWrite = time.GetTimestamp();
            }
        }
        finally
        {
            // An iterator cannot be disposed while it is still moving: let it see the cancellation first.
            if (next is not null)
            {
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await enumerator.DisposeAsync();
        }
    }

    /// <summary>One event as the SSE wire format has it: its type, its JSON on one data line, its id, a blank line.</summary>
    private static byte[] Format(SseItem<EventResource> item, JsonTypeInfo<EventResource> info)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(item.Data, info);
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"event: {item.EventType}\ndata: "));
        var tail = Encoding.UTF8.GetBytes(item.EventId is { } id ? $"\nid: {id}\n\n" : "\n\n");
        var bytes = new byte[head.Length + json.Length + tail.Length];
        head.CopyTo(bytes, 0);
        json.CopyTo(bytes, head.Length);
        tail.CopyTo(bytes, head.Length + json.Length);
        return bytes;
    }
}
