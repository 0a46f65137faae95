using System.Runtime.CompilerServices;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Leviathan.Models.Resilience;

/// <summary>
/// Retries transient failures (429, 5xx, connection failures, timeouts) with exponential backoff and jitter,
/// honouring the server's <c>Retry-After</c>; enforces a per-attempt timeout; goes through the endpoint's circuit breaker.
/// Client errors (400, 401, 403, 404, …) are not retried: they fail at once with the server's message.
/// A streamed call is retried only until its first chunk arrives; after that a failure reaches the caller.
/// Caller cancellation stops everything at once, including a pending backoff wait.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ModelProfile _profile;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _breaker;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public ResilientChatClient(IChatClient inner, ModelProfile profile, ModelResilienceOptions options, ResiliencePipeline breaker, TimeProvider time, ILogger logger)
        : base(inner)
    {
        _profile = profile;
        _breaker = breaker;
        _time = time;
        _timeout = options.Timeout ?? profile.Timeout;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ModelException { IsTransient: true }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ModelRequestException { RetryAfter: { } retryAfter }
                        ? (TimeSpan?)(retryAfter < options.MaxDelay ? retryAfter : options.MaxDelay)
                        : null),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? "unknown failure";
                    var fromRetryAfter = args.Outcome.Exception is ModelRequestException { RetryAfter: not null };
                    ModelLog.Retrying(logger, profile.Name, reason, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    options.OnRetry?.Invoke(new ModelRetryInfo(profile.Name, args.AttemptNumber + 1, args.RetryDelay, reason, fromRetryAfter));
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retry = builder.Build();
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(
                async retryToken =>
                {
                    attempts++;
                    return await _breaker.ExecuteAsync(
                        async breakerToken => await AttemptAsync(list, options, breakerToken),
                        retryToken);
                },
                cancellationToken);
        }
        catch (Exception ex) when (GiveUp(ex, attempts, cancellationToken) is { } final)
        {
            throw final;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var attempts = 0;
        OpenStream stream;
        try
        {
            stream = await _retry.ExecuteAsync(
                async retryToken =>
                {
                    attempts++;
                    return await _breaker.ExecuteAsync(
                        async _ => await OpenStreamAsync(list, options, cancellationToken),
                        retryToken);
                },
                cancellationToken);
        }
        catch (Exception ex) when (GiveUp(ex, attempts, cancellationToken) is { } final)
        {
            throw final;
        }

        await using (stream)
        {
            if (!stream.HasCurrent)
            {
                yield break;
            }

            yield return stream.Enumerator.Current;
            while (await stream.MoveNextAsync(_timeout, cancellationToken, this))
            {
                yield return stream.Enumerator.Current;
            }
        }
    }

    private async Task<ChatResponse> AttemptAsync(IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await InnerClient.GetResponseAsync(messages, options, linked.Token);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ModelException)
        {
            throw Timeout(streaming: false);
        }
    }

    /// <summary>Starts the inner stream and waits for its first chunk, so that a failure before any output can be retried.</summary>
    private async Task<OpenStream> OpenStreamAsync(IList<ChatMessage> messages, ChatOptions? options, CancellationToken callerToken)
    {
        // The stream outlives this attempt, so its tokens hang off the caller's token, not the pipeline's.
        var timeout = new CancellationTokenSource(_timeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, timeout.Token);
        var enumerator = InnerClient.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            var hasCurrent = await enumerator.MoveNextAsync();
            return new OpenStream(enumerator, timeout, linked, hasCurrent);
        }
        catch (Exception ex)
        {
            await enumerator.DisposeAsync();
            linked.Dispose();
            var timedOut = timeout.IsCancellationRequested;
            timeout.Dispose();
            if (timedOut && !callerToken.IsCancellationRequested && ex is OperationCanceledException or ModelException)
            {
                throw Timeout(streaming: true);
            }

            throw;
        }
    }

    private ModelTimeoutException Timeout(bool streaming) => new(_profile.Name, _profile.BaseUrl, _timeout, streaming);

    /// <summary>What the caller sees when the pipeline gives up; null rethrows the exception as it is.</summary>
    private Exception? GiveUp(Exception ex, int attempts, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return ex switch
        {
            BrokenCircuitException broken => new ModelUnavailableException(
                _profile.Name,
                _profile.BaseUrl,
                $"model profile '{_profile.Name}' ({_profile.BaseUrl}): the endpoint failed repeatedly, so calls to it are refused for now" +
                (broken.RetryAfter is { } wait ? $" (about {Math.Ceiling(wait.TotalSeconds)} s more)" : string.Empty),
                broken.InnerException ?? broken),
            ModelException { IsTransient: true } transient when attempts > 1 => new ModelUnavailableException(
                _profile.Name, _profile.BaseUrl, $"{transient.Message} (gave up after {attempts} attempts)", transient),
            _ => null,
        };
    }

    private sealed class OpenStream(
        IAsyncEnumerator<ChatResponseUpdate> enumerator,
        CancellationTokenSource timeout,
        CancellationTokenSource linked,
        bool hasCurrent) : IAsyncDisposable
    {
        public IAsyncEnumerator<ChatResponseUpdate> Enumerator { get; } = enumerator;

        public bool HasCurrent { get; } = hasCurrent;

        /// <summary>The next chunk, with the idle timeout restarted for it.</summary>
        public async ValueTask<bool> MoveNextAsync(TimeSpan idle, CancellationToken callerToken, ResilientChatClient owner)
        {
            timeout.CancelAfter(idle);
            try
            {
                return await Enumerator.MoveNextAsync();
            }
            catch (Exception ex) when (timeout.IsCancellationRequested && !callerToken.IsCancellationRequested && ex is OperationCanceledException or ModelException)
            {
                throw owner.Timeout(streaming: true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Enumerator.DisposeAsync();
            linked.Dispose();
            timeout.Dispose();
        }
    }
}
