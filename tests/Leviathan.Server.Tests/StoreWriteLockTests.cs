using Leviathan.Persistence.Tracing;

namespace Leviathan.Server.Tests;

/// <summary>
/// The store's write turn: one writer at a time, the job queue's writes (a POST answering, a worker taking its next job)
/// before the trace batches waiting, and a writer that gave up waiting never keeps the turn from the next.
/// </summary>
public sealed class StoreWriteLockTests
{
    // Only a guard against a hang; every wait below ends as soon as the turn is handed over.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EnterAsync_WhileHeld_ServesUrgentWritersBeforeOrdinaryOnesThatCameFirst()
    {
        var turns = new StoreWriteLock();
        await turns.EnterAsync(urgent: false, CancellationToken.None);

        var ordinary = turns.EnterAsync(urgent: false, CancellationToken.None).AsTask();
        var urgent = turns.EnterAsync(urgent: true, CancellationToken.None).AsTask();
        ordinary.IsCompleted.ShouldBeFalse();
        urgent.IsCompleted.ShouldBeFalse();

        turns.Exit();
        await urgent.WaitAsync(Patience);
        ordinary.IsCompleted.ShouldBeFalse();

        turns.Exit();
        await ordinary.WaitAsync(Patience);

        turns.Exit();
        turns.EnterAsync(urgent: false, CancellationToken.None).IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_Throws_AndTheTurnGoesToTheNextWriter()
    {
        var turns = new StoreWriteLock();
        await turns.EnterAsync(urgent: false, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var cancelled = turns.EnterAsync(urgent: true, giveUp.Token).AsTask();
        var next = turns.EnterAsync(urgent: false, CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(cancelled.WaitAsync(Patience));

        turns.Exit();
        await next.WaitAsync(Patience);
        turns.EnterAsync(urgent: true, CancellationToken.None).IsCompleted.ShouldBeFalse();
    }
}
