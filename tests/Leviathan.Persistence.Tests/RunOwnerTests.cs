using System.Diagnostics;
using Leviathan.Core.Runs;

namespace Leviathan.Persistence.Tests;

/// <summary>
/// A run left 'running' by a process that is gone is read as interrupted (derived, never stored); a run whose
/// process lives, or that runs on another machine, is not. PostgresRunOwnerTests runs these against PostgreSQL.
/// </summary>
public class RunOwnerTests : StoreTestBase
{
    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var pid = process.Id;
        process.Kill();
        await process.WaitForExitAsync();
        return pid;
    }

    [Fact]
    public async Task FindRun_OwnerProcessKilled_ReadAsInterruptedButStoredAsRunning()
    {
        var run = await NewRunAsync();
        var dead = new RunOwner(Environment.MachineName, await DeadProcessIdAsync(), "boot:12345");
        await Store.MarkRunningAsync(run.Id, dead);

        var stored = (await Store.FindRunAsync(run.Id))!;

        stored.Status.ShouldBe(RunStatus.Running);
        stored.Interrupted.ShouldBeTrue();
        stored.DisplayStatus.ShouldBe("interrupted");
        stored.Owner.ShouldBe(dead);
        (await Store.ListRunsAsync(RunStatus.Running, 10)).Single().Interrupted.ShouldBeTrue();
    }

    [Fact]
    public async Task FindRun_ProcessIdReusedByAnotherProcess_ReadAsInterrupted()
    {
        var run = await NewRunAsync();

        // This process's id, but another start time: the owner died and its id was given to us.
        await Store.MarkRunningAsync(run.Id, new RunOwner(Environment.MachineName, Environment.ProcessId, "another-boot:1"));

        (await Store.FindRunAsync(run.Id))!.Interrupted.ShouldBeTrue();
    }

    [Fact]
    public async Task FindRun_OwnerAlive_IsRunning()
    {
        var run = await NewRunAsync();
        await Store.MarkRunningAsync(run.Id);

        var stored = (await Store.FindRunAsync(run.Id))!;

        stored.Interrupted.ShouldBeFalse();
        stored.DisplayStatus.ShouldBe("running");
        stored.Owner!.ProcessId.ShouldBe(Environment.ProcessId);
        stored.Owner.StartMark.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task CreateRun_CreatingProcessOwnsThePendingRun()
    {
        var run = await NewRunAsync();

        var stored = (await Store.FindRunAsync(run.Id))!;

        stored.Status.ShouldBe(RunStatus.Pending);
        stored.Owner!.ProcessId.ShouldBe(Environment.ProcessId);
        stored.Interrupted.ShouldBeFalse();
    }

    [Fact]
    public async Task FindRun_OwnerOnAnotherMachine_IsNotCalledInterrupted()
    {
        var run = await NewRunAsync();
        await Store.MarkRunningAsync(run.Id, new RunOwner("another-machine", await DeadProcessIdAsync(), "boot:1"));

        (await Store.FindRunAsync(run.Id))!.Interrupted.ShouldBeFalse();
    }

    [Fact]
    public async Task FindRun_EndedRunOfADeadProcess_KeepsItsStatus()
    {
        var run = await NewRunAsync();
        await Store.MarkRunningAsync(run.Id, new RunOwner(Environment.MachineName, await DeadProcessIdAsync(), "boot:1"));
        await Store.CompleteRunAsync(run.Id, RunStatus.Cancelled, "cancelled by the user (Ctrl-C)", RunUsage.None);

        var stored = (await Store.FindRunAsync(run.Id))!;

        stored.Interrupted.ShouldBeFalse();
        stored.DisplayStatus.ShouldBe("cancelled");
    }
}
