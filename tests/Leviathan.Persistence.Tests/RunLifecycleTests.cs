using Leviathan.Core.Plans;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Evaluations;

namespace Leviathan.Persistence.Tests;

public class RunLifecycleTests : StoreTestBase
{
    [Fact]
    public async Task EvaluationUpdateAsync_Finished_RecordsCountsCostAndEnd_AndAnUnknownEvaluationIsRefused()
    {
        var evaluations = new EvaluationStore(Store, Time);
        var id = Guid.NewGuid();
        await evaluations.StartAsync(new EvaluationRecord(id, "pack", "/suites/pack", "/out", ["default"], 1, 3, "running", 0, 0, 0m, Time.GetUtcNow(), null));
        await evaluations.UpdateAsync(id, "running", 1, 1, 0.25m);
        (await evaluations.FindAsync(id.ToString()))!.EndedAt.ShouldBeNull("a running evaluation has no end yet");
        Time.Advance(TimeSpan.FromSeconds(90));

        await evaluations.UpdateAsync(id, "finished", 3, 2, 1.5m);

        var found = (await evaluations.FindAsync(id.ToString())).ShouldNotBeNull();
        (found.Status, found.RunCount, found.Succeeded, found.CostUsd).ShouldBe(("finished", 3, 2, 1.5m));
        found.EndedAt.ShouldNotBeNull().ToUnixTimeMilliseconds().ShouldBe(Time.GetUtcNow().ToUnixTimeMilliseconds());
        var unknown = Guid.NewGuid();
        (await Should.ThrowAsync<TraceStoreException>(() => evaluations.UpdateAsync(unknown, "finished", 0, 0, 0m))).Message.ShouldContain(unknown.ToString());
    }

    [Fact]
    public async Task CompleteRunAsync_RecordsStatusReasonUsageAndTimes()
    {
        var run = await NewRunAsync();
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.MarkRunningAsync(run.Id);
        Time.Advance(TimeSpan.FromSeconds(30));
        await Store.CompleteRunAsync(run.Id, RunStatus.BudgetExhausted, "token budget of 1000 reached", new RunUsage(900, 150, 0.0125m, 7, TimeSpan.FromSeconds(30)));

        var stored = (await Store.FindRunAsync(run.Id))!;
        stored.Status.ShouldBe(RunStatus.BudgetExhausted);
        stored.Reason.ShouldBe("token budget of 1000 reached");
        stored.Usage.ShouldBe(new RunUsage(900, 150, 0.0125m, 7, TimeSpan.FromSeconds(30)));
        stored.Budget.MaxTokens.ShouldBe(1000);
        stored.StartedAt.ShouldBe(run.CreatedAt.AddSeconds(1));
        stored.EndedAt.ShouldBe(run.CreatedAt.AddSeconds(31));
        stored.PromptVersions["planner"].ShouldBe("planner@1");
    }

    [Fact]
    public async Task StartRunAsync_RunIsRunningFromItsCreation_OwnedByThisProcess_AndItsNewWriterStartsAtSequenceOne()
    {
        var run = await Store.StartRunAsync(new RunSpec("fix the parser", "software", "default", "/tmp/ws", RunBudget.Unlimited));
        await using (var writer = Store.OpenWriterOfNewRun(run))
        {
            writer.Append(new Leviathan.Core.Tracing.NewEvent(Leviathan.Core.Tracing.EventKind.Status, "orchestrator", "{\"status\":\"running\"}"));
            writer.Append(new Leviathan.Core.Tracing.NewEvent(Leviathan.Core.Tracing.EventKind.Message, "planner", "{\"text\":\"plan\"}"));
            await writer.FlushAsync();
        }

        var stored = (await Store.FindRunAsync(run.Id)).ShouldNotBeNull();
        stored.Status.ShouldBe(RunStatus.Running);
        stored.StartedAt.ShouldBe(stored.CreatedAt);
        stored.Owner.ShouldNotBeNull().ProcessId.ShouldBe(Environment.ProcessId);
        (await Store.ReadEventsAsync(run.Id)).Select(e => e.Sequence).ShouldBe([1L, 2L]);
        stored.EventCount.ShouldBe(2);
        Should.Throw<ArgumentException>(() => Store.OpenWriterOfNewRun(stored)).Message.ShouldContain("already has 2 events");
    }

    [Fact]
    public async Task StartRunWritingAsync_TheRunItsEventsAndItsEnd_AreStoredOnceTheWriterIsFlushed()
    {
        var (run, writer) = await Store.StartRunWritingAsync(new RunSpec("fix the parser", "software", "default", "/tmp/ws", RunBudget.Unlimited));
        await using (writer)
        {
            writer.Append(new Leviathan.Core.Tracing.NewEvent(Leviathan.Core.Tracing.EventKind.Status, "orchestrator", "{\"status\":\"running\"}"));
            await writer.FlushAsync();
        }

        await Store.CompleteRunAsync(run.Id, RunStatus.FailedVerification, "tests still fail", RunUsage.None);
        var stored = (await Store.FindRunAsync(run.Id)).ShouldNotBeNull();
        (stored.Status, stored.Reason, stored.EventCount).ShouldBe((RunStatus.FailedVerification, "tests still fail", 1L));
        stored.Owner.ShouldNotBeNull().ProcessId.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task CompleteRunAsync_WithANonTerminalStatus_IsRejected()
    {
        var run = await NewRunAsync();
        await Should.ThrowAsync<ArgumentException>(() => Store.CompleteRunAsync(run.Id, RunStatus.Running, null, RunUsage.None));
    }

    [Fact]
    public async Task ListRunsAsync_FiltersByStatusNewestFirst()
    {
        var first = await NewRunAsync("first");
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = await NewRunAsync("second");
        Time.Advance(TimeSpan.FromMinutes(1));
        var third = await NewRunAsync("third");
        await Store.CompleteRunAsync(first.Id, RunStatus.Succeeded, null, RunUsage.None);
        await Store.CompleteRunAsync(third.Id, RunStatus.Succeeded, null, RunUsage.None);

        (await Store.ListRunsAsync(null, 10)).Select(r => r.Goal).ShouldBe(["third", "second", "first"]);
        (await Store.ListRunsAsync(RunStatus.Succeeded, 10)).Select(r => r.Goal).ShouldBe(["third", "first"]);
        (await Store.ListRunsAsync(null, 1)).Single().Id.ShouldBe(third.Id);
        (await Store.FindRunsByPrefixAsync(second.Id.ToString()[..30], 5)).Single().Id.ShouldBe(second.Id);
    }

    [Fact]
    public async Task SavePlanAsync_KeepsTheCurrentListAndTheHistoryOfEveryChange()
    {
        var run = await NewRunAsync();
        await Store.SavePlanAsync(run.Id, [new("1", "read the failing test", PlanItemStatus.Pending), new("2", "fix the parser", PlanItemStatus.Pending)], 3);
        Time.Advance(TimeSpan.FromSeconds(5));
        await Store.SavePlanAsync(run.Id, [new("1", "read the failing test", PlanItemStatus.Done), new("2", "fix the parser", PlanItemStatus.InProgress)], 9);
        Time.Advance(TimeSpan.FromSeconds(5));
        await Store.SavePlanAsync(run.Id, [new("2", "fix the parser", PlanItemStatus.Done), new("1", "read the failing test", PlanItemStatus.Done)], 14);

        (await Store.ReadPlanAsync(run.Id)).ShouldBe([new PlanItem("2", "fix the parser", PlanItemStatus.Done), new PlanItem("1", "read the failing test", PlanItemStatus.Done)]);
        var history = await Store.ReadPlanHistoryAsync(run.Id);
        history.Where(h => h.ItemId == "2").Select(h => h.Status).ShouldBe([PlanItemStatus.Pending, PlanItemStatus.InProgress, PlanItemStatus.Done]);
        history.Where(h => h.ItemId == "1").Select(h => h.EventSequence).ShouldBe([3L, 9L]);
    }

    [Fact]
    public async Task AddArtifactAsync_StoresIdenticalContentOnce()
    {
        var run = await NewRunAsync();
        var content = "print('hello')\n"u8.ToArray();
        var first = await Store.AddArtifactAsync(run.Id, new MemoryStream(content), "text/x-python", "main.py");
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await Store.AddArtifactAsync(run.Id, new MemoryStream(content), "text/x-python", "copy.py");

        first.Sha256.ShouldBe("03e693d9f2f687e0f40e36a8df7fcb4d1c22974012b7c2a55c000eb30f305824");
        second.Sha256.ShouldBe(first.Sha256);
        first.Size.ShouldBe(content.Length);
        var path = Store.Blobs.PathOf(first.Sha256);
        path.ShouldBe(Path.Combine(Home, "blobs", "sha256", first.Sha256[..2], first.Sha256[2..]));
        (await File.ReadAllBytesAsync(path)).ShouldBe(content);
        Directory.GetFiles(Path.Combine(Home, "blobs"), "*", SearchOption.AllDirectories).Length.ShouldBe(1);
        (await Store.ListArtifactsAsync(run.Id)).Select(a => a.Path).ShouldBe(["main.py", "copy.py"]);
    }
}
