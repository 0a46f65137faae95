using System.Collections.Concurrent;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Resilience;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Resilience;

/// <summary>
/// Retries, timeouts, fail-fast and the circuit breaker against the fake server. The clock runs 1000 times faster
/// than real time, so a 2 s Retry-After or a 30 s timeout takes milliseconds but behaves as it would in production.
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly AcceleratedTimeProvider _time = new(1000);
    private readonly ConcurrentQueue<ModelRetryInfo> _retries = new();
    private ModelClientFactory _factory = null!;
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync()
    {
        _factory = ModelTestProfiles.Factory(_time);
        _server = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RateLimited_WithRetryAfter_WaitsAsToldThenSucceeds()
    {
        _server.Enqueue(FakeReply.Error(429, "Rate limit reached").WithRetryAfter("7"), FakeReply.Text("ok"));

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        response.Text.ShouldBe("ok");
        _server.ChatRequests.Count.ShouldBe(2);
        var retry = _retries.ShouldHaveSingleItem();
        retry.Delay.ShouldBe(TimeSpan.FromSeconds(7));
        retry.FromRetryAfter.ShouldBeTrue();
        retry.Reason.ShouldContain("Rate limit reached");
        _time.RequestedWaits.ShouldContain(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task RetryAfter_LongerThanTheMaximumDelay_IsCapped()
    {
        _server.Enqueue(FakeReply.Error(429, "come back tomorrow").WithRetryAfter("86400"), FakeReply.Text("ok"));

        await Client(new ModelResilienceOptions { MaxDelay = TimeSpan.FromSeconds(20) }).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        _retries.ShouldHaveSingleItem().Delay.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ServerError_ThenSuccess_RetriesWithBackoff()
    {
        _server.Enqueue(FakeReply.Error(500, "internal error"), FakeReply.Error(503, "loading model"), FakeReply.Text("ok"));

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        response.Text.ShouldBe("ok");
        _server.ChatRequests.Count.ShouldBe(3);
        var retries = _retries.ToList();
        retries.Select(r => r.Attempt).ShouldBe([1, 2]);
        retries.ShouldAllBe(r => !r.FromRetryAfter && r.Delay > TimeSpan.Zero);
        retries[1].Reason.ShouldContain("loading model");
    }

    [Fact]
    public async Task PersistentServerErrors_GiveUpAfterTheRetriesNamingTheProfile()
    {
        _server.RespondWith(_ => FakeReply.Error(502, "bad gateway"));

        var error = await Should.ThrowAsync<ModelUnavailableException>(() =>
            Client(new ModelResilienceOptions { MaxRetryAttempts = 2 }).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        _server.ChatRequests.Count.ShouldBe(3);
        error.Message.ShouldContain("model profile 'default'");
        error.Message.ShouldContain("\"bad gateway\"");
        error.Message.ShouldContain("gave up after 3 attempts");
        error.InnerException.ShouldBeOfType<ModelRequestException>().StatusCode.ShouldBe(502);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 5)]
    public async Task ProfileRetries_WithoutResilienceOptions_AreTheProfiles(int retries, int attempts)
    {
        _server.RespondWith(_ => FakeReply.Error(502, "bad gateway"));
        var profile = ModelTestProfiles.For(_server.BaseUrl, timeout: TimeSpan.FromDays(1)) with { Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(10) };

        var error = await Should.ThrowAsync<Exception>(() => _factory.Create(profile, new ModelClientOptions()).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        _server.ChatRequests.Count.ShouldBe(attempts, error.Message);
        if (retries > 0)
        {
            error.Message.ShouldContain($"gave up after {attempts} attempts");
        }
    }

    [Theory]
    [InlineData(400, "Unrecognized request argument supplied: foo")]
    [InlineData(401, "Incorrect API key provided")]
    [InlineData(403, "Project does not have access to model")]
    [InlineData(404, "The model 'fake-model' does not exist")]
    public async Task ClientErrors_FailFastWithoutRetry_QuotingTheServer(int status, string message)
    {
        _server.RespondWith(_ => FakeReply.Error(status, message));

        var error = await Should.ThrowAsync<ModelRequestException>(() => Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        _server.ChatRequests.Count.ShouldBe(1);
        _retries.ShouldBeEmpty();
        error.StatusCode.ShouldBe(status);
        error.IsTransient.ShouldBeFalse();
        error.Message.ShouldContain("model profile 'default'");
        error.Message.ShouldContain($"\"{message}\"");
        error.Hint.ShouldNotBeNull();
    }

    [Fact]
    public async Task Unauthorized_HintNamesTheKeyVariable()
    {
        _server.Enqueue(FakeReply.Error(401, "Invalid API key"));

        var error = await Should.ThrowAsync<ModelRequestException>(() => Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        error.Hint!.ShouldContain("LEVIATHAN_MODEL_API_KEY");
    }

    [Fact]
    public async Task SlowServer_TimesOutPerAttemptAndRetries()
    {
        // 20 minutes of accelerated time are 1.2 s of real time; a warm-up call first keeps cold-start work out of that window.
        _server.Enqueue(FakeReply.Text("warm"), FakeReply.Hang(), FakeReply.Text("fast this time"));
        await WarmUpAsync();
        var client = Client(timeout: TimeSpan.FromMinutes(20));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        response.Text.ShouldBe("fast this time");
        _server.ChatRequests.Count.ShouldBe(3);
        _retries.ShouldHaveSingleItem().Reason.ShouldContain("no answer within 1200 s");
    }

    [Fact]
    public async Task SlowServer_EveryAttemptTimesOut_ReportsTheTimeout()
    {
        _server.RespondWith(_ => FakeReply.Hang());

        var error = await Should.ThrowAsync<ModelUnavailableException>(() =>
            Client(new ModelResilienceOptions { MaxRetryAttempts = 1 }, TimeSpan.FromSeconds(30)).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        error.InnerException.ShouldBeOfType<ModelTimeoutException>().Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        error.Message.ShouldContain("gave up after 2 attempts");
    }

    [Fact]
    public async Task DeadEndpoint_ConnectionRefused_IsRetriedThenReported()
    {
        var port = _server.BaseUrl.Port;
        await _server.DisposeAsync();
        _server = await FakeOpenAiServer.StartAsync();
        var dead = ModelTestProfiles.For(new Uri($"http://127.0.0.1:{port}/v1/"), timeout: TimeSpan.FromDays(1));

        var error = await Should.ThrowAsync<ModelUnavailableException>(() =>
            _factory.Create(dead, Options(new ModelResilienceOptions { MaxRetryAttempts = 2 })).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        error.InnerException.ShouldBeOfType<ModelConnectionException>().Message.ShouldContain("Connection refused");
        _retries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task CircuitBreaker_AfterRepeatedFailures_RefusesCallsWithoutReachingTheServer()
    {
        _server.RespondWith(_ => FakeReply.Error(500, "crashed"));
        var options = new ModelResilienceOptions { MaxRetryAttempts = 0, BreakerMinimumThroughput = 3, BreakerFailureRatio = 0.5, BreakerSamplingDuration = TimeSpan.FromHours(2), BreakDuration = TimeSpan.FromHours(1) };
        var client = Client(options);
        for (var i = 0; i < 3; i++)
        {
            await Should.ThrowAsync<ModelRequestException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
        }

        // A second client for the same endpoint shares the breaker.
        var error = await Should.ThrowAsync<ModelUnavailableException>(() => Client(options).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        error.Message.ShouldContain("refused for now");
        _server.ChatRequests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Cancellation_StopsAPendingCallAtOnce()
    {
        _server.RespondWith(_ => FakeReply.Hang());
        using var cts = new CancellationTokenSource();
        var call = Client(timeout: TimeSpan.FromDays(1)).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token);
        while (_server.ChatRequests.Count == 0)
        {
            await Task.Yield();
        }

        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call);
        _retries.ShouldBeEmpty();
        _server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Streaming_FailureBeforeTheFirstChunk_IsRetried()
    {
        _server.Enqueue(FakeReply.Error(503, "overloaded"), FakeReply.Text("streamed fine").WithUsage(3, 2));

        var response = await Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).ToChatResponseAsync();

        response.Text.ShouldBe("streamed fine");
        _server.ChatRequests.Count.ShouldBe(2);
        _retries.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Streaming_CutOffAfterOutput_ReachesTheCallerWithoutRetry()
    {
        _server.Enqueue(FakeReply.Text("partial output that stops").WithChunkSize(5).TruncatedAfter(3, FakeTruncation.EndEarly), FakeReply.Text("never used"));

        await Should.ThrowAsync<ModelStreamTruncatedException>(async () =>
        {
            await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                _ = update;
            }
        });

        _server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Streaming_ServerStallsMidStream_TimesOut()
    {
        // A first call warms up the connection and the code paths, so the stalled call's first chunks arrive well within the timeout.
        _server.Enqueue(FakeReply.Text("warm"), FakeReply.Text("first words then silence").TruncatedAfter(2, FakeTruncation.Stall));
        await WarmUpAsync(streaming: true);
        var client = Client(new ModelResilienceOptions { MaxRetryAttempts = 0 }, TimeSpan.FromMinutes(20));
        var received = 0;

        var error = await Should.ThrowAsync<ModelTimeoutException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                received++;
            }
        });

        received.ShouldBeGreaterThan(0);
        error.Message.ShouldContain("no streamed chunk within 1200 s");
    }

    /// <summary>
    /// A client whose timeout is a day of accelerated time (86 s real) unless the test sets one, so that a slow cold start
    /// on a busy machine never looks like a timeout.
    /// </summary>
    private IChatClient Client(ModelResilienceOptions? resilience = null, TimeSpan? timeout = null) =>
        _factory.Create(ModelTestProfiles.For(_server.BaseUrl, timeout: timeout ?? TimeSpan.FromDays(1)), Options(resilience ?? new ModelResilienceOptions()));

    /// <summary>One call through the same factory (connection pool, JIT-compiled paths) with the long timeout; uses the next scripted reply.</summary>
    private async Task WarmUpAsync(bool streaming = false)
    {
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl, timeout: TimeSpan.FromDays(1)), new ModelClientOptions());
        if (streaming)
        {
            await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "warm up")]).ToChatResponseAsync();
        }
        else
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "warm up")]);
        }
    }

    private ModelClientOptions Options(ModelResilienceOptions resilience) =>
        new() { Resilience = resilience with { OnRetry = _retries.Enqueue } };
}
