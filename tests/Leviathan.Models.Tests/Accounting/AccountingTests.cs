using Leviathan.Core.Runs;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Accounting;

public sealed class AccountingTests : IAsyncLifetime
{
    private readonly ModelClientFactory _factory = ModelTestProfiles.Factory();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerUsage_IsRecordedWithCostAndSummedAcrossProfilesOfTheRun()
    {
        var ledger = new ModelUsageLedger();
        var recorded = new List<ModelCallUsage>();
        ledger.CallRecorded += recorded.Add;
        var cheap = _factory.Create(ModelTestProfiles.For(_server.BaseUrl, "cheap", priceIn: 0.10m, priceOut: 0.40m), new ModelClientOptions { Ledger = ledger });
        var big = _factory.Create(ModelTestProfiles.For(_server.BaseUrl, "big", model: "big-model", priceIn: 2.50m, priceOut: 10m), new ModelClientOptions { Ledger = ledger });
        _server.Enqueue(FakeReply.Text("a").WithUsage(1000, 200), FakeReply.Text("b").WithUsage(3000, 500));

        await cheap.GetResponseAsync([new ChatMessage(ChatRole.User, "plan")]);
        await big.GetResponseAsync([new ChatMessage(ChatRole.User, "engineer")]);

        ledger.Calls.Select(c => (c.Profile, c.InputTokens, c.OutputTokens, c.Estimated)).ShouldBe([("cheap", 1000L, 200L, false), ("big", 3000L, 500L, false)]);
        ledger.Calls[0].CostUsd.ShouldBe(0.00018m);
        ledger.Calls[1].CostUsd.ShouldBe(0.0125m);
        ledger.Totals.ShouldBe(new ModelUsageTotals(2, 4000, 700, 0.01268m, 0));
        recorded.Count.ShouldBe(2);
        _server.ChatRequests[1].Model.ShouldBe("big-model");
    }

    [Fact]
    public async Task NoServerUsage_IsEstimatedLocallyAndMarked()
    {
        var ledger = new ModelUsageLedger();
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });
        _server.Enqueue(FakeReply.Text(new string('x', 400)));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, new string('y', 800))]);

        var call = ledger.Calls.ShouldHaveSingleItem();
        call.Estimated.ShouldBeTrue();
        call.InputTokens.ShouldBe(800 / 4 + TokenEstimator.TokensPerMessage);
        call.OutputTokens.ShouldBe(100);
        ledger.Totals.EstimatedCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Streaming_UsageFromTheFinalChunkIsRecorded()
    {
        var ledger = new ModelUsageLedger();
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });
        _server.Enqueue(FakeReply.Text("streamed answer").WithUsage(77, 11));

        await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]).ToChatResponseAsync();

        var call = ledger.Calls.ShouldHaveSingleItem();
        (call.InputTokens, call.OutputTokens, call.Estimated, call.Completed).ShouldBe((77L, 11L, false, true));
    }

    [Fact]
    public async Task TokenBudget_ACallThatCouldCrossIt_IsNotMade()
    {
        var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: 1000), outputReserveTokens: 100);
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });
        _server.RespondWith(_ => FakeReply.Text("ok").WithUsage(400, 100));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "one")]);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "two")]);
        var error = await Should.ThrowAsync<BudgetExhaustedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "three")]));

        _server.ChatRequests.Count.ShouldBe(2);
        ledger.Totals.TotalTokens.ShouldBe(1000);
        error.Status.ShouldBe(RunStatus.BudgetExhausted);
        error.Status.ToName().ShouldBe("budget_exhausted");
        error.Message.ShouldContain("token budget exhausted: 1000 of 1000 tokens used");
        error.Spent.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task TokenBudget_CountsTheRequestedOutputCap()
    {
        var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: 500));
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });

        var error = await Should.ThrowAsync<BudgetExhaustedException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "write a novel")], new ChatOptions { MaxOutputTokens = 4096 }));

        error.Message.ShouldContain("up to 4096 out");
        _server.ChatRequests.ShouldBeEmpty();
        ledger.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task CostBudget_StopsBeforeOverspending()
    {
        var ledger = new ModelUsageLedger(new RunBudget(MaxCostUsd: 0.05m), outputReserveTokens: 1000);
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl, priceIn: 5m, priceOut: 15m), new ModelClientOptions { Ledger = ledger });
        _server.RespondWith(_ => FakeReply.Text("ok").WithUsage(1000, 1000));
        var prompt = new string('p', 4000);

        var calls = 0;
        var error = await Should.ThrowAsync<BudgetExhaustedException>(async () =>
        {
            while (true)
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)]);
                calls++;
            }
        });

        // Each call costs 0.02 USD: a third would end at 0.06, over the 0.05 limit, so it is not made.
        calls.ShouldBe(2);
        _server.ChatRequests.Count.ShouldBe(2);
        ledger.Totals.CostUsd.ShouldBe(0.04m);
        error.Message.ShouldContain("cost budget exhausted: 0.04 of 0.05 USD spent");
    }

    [Fact]
    public async Task Estimate_IsCalibratedByTheServersCounts()
    {
        // The server counts 3 times the local estimate (500): uncalibrated, a second call would seem to fit (1501 + 500 <= 2600).
        var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: 2600), outputReserveTokens: 0);
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });
        var prompt = new string('p', 1984);
        _server.RespondWith(_ => FakeReply.Text("ok").WithUsage(1500, 1));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)]);
        await Should.ThrowAsync<BudgetExhaustedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)]));

        _server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ParallelCalls_CannotJointlyOverspend()
    {
        var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: 1000), outputReserveTokens: 300);
        var client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Ledger = ledger });
        _server.RespondWith(_ => FakeReply.Text("ok").WithUsage(10, 300));

        // Each call holds about 305 tokens while in flight: three fit under 1000, the other two are refused.
        var calls = Enumerable.Range(0, 5).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"candidate {i}")])).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return "made";
            }
            catch (BudgetExhaustedException)
            {
                return "refused";
            }
        }));

        outcomes.Count(o => o == "made").ShouldBe(3);
        outcomes.Count(o => o == "refused").ShouldBe(2);
        _server.ChatRequests.Count.ShouldBe(3);
        ledger.Totals.TotalTokens.ShouldBe(930);
    }

    [Fact]
    public async Task FailedCall_ReleasesItsReservation()
    {
        var ledger = new ModelUsageLedger(new RunBudget(MaxTokens: 600), outputReserveTokens: 500);
        var client = _factory.Create(
            ModelTestProfiles.For(_server.BaseUrl),
            new ModelClientOptions { Ledger = ledger, Resilience = new Models.Resilience.ModelResilienceOptions { MaxRetryAttempts = 0 } });
        _server.Enqueue(FakeReply.Error(400, "bad request"), FakeReply.Text("ok").WithUsage(10, 5));

        await Should.ThrowAsync<Models.Errors.ModelRequestException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "a")]));
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "b")])).Text.ShouldBe("ok");

        ledger.Totals.TotalTokens.ShouldBe(15);
    }
}
