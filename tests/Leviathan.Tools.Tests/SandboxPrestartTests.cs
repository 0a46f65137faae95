using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// A run's next bubblewrap sandbox built while its agents wait (<see cref="ISandbox.Prestart"/>): the command runs in it
/// as it would in one started for it, and a sandbox that no longer fits the command is never used.
/// </summary>
public sealed class SandboxPrestartTests : IAsyncLifetime
{
    private readonly SandboxTestWorkspace _ws = new();
    private readonly BubblewrapSandbox _sandbox = (BubblewrapSandbox)SandboxFactory.Create(new SandboxOptions());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _sandbox.ReleaseAsync(_ws.Workspace);
        _ws.Dispose();
    }

    [Fact]
    public async Task RunAsync_AfterPrestart_RunsInTheWaitingSandboxAtNormalPriorityWithOnlyItsOwnDescriptors()
    {
        await PrestartAsync();

        // The shell's own descriptors, their targets, and its niceness (field 19 of /proc/PID/stat).
        var result = await _sandbox.RunAsync(
            _ws.Shell("ls /proc/self/fd | tr '\\n' ' '; echo; cut -d' ' -f19 /proc/$$/stat; pwd; echo made > made.txt"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        _sandbox.Ahead.Used.ShouldBe(1);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        // stdin, stdout, stderr and the listing's own: not the launcher's file the sandbox was started through.
        lines[0].ShouldBe("0 1 2 3 ");
        lines[1].ShouldBe("0", "the command must not keep the low priority its sandbox was built at");
        lines[^1].ShouldBe(_ws.Workspace);
        File.ReadAllText(Path.Combine(_ws.Workspace, "made.txt")).ShouldBe("made\n");
    }

    [Fact]
    public async Task RunAsync_TwoCommandsEachAfterAPrestart_EachGetsAFreshSandbox()
    {
        await PrestartAsync();
        var first = await _sandbox.RunAsync(_ws.Shell("echo left > /tmp/left; sleep 600 & echo started"), CancellationToken.None);
        await PrestartAsync();
        var second = await _sandbox.RunAsync(_ws.Shell("cat /tmp/left; ps -e -o comm= | grep -c sleep; read line; echo read=$?"), CancellationToken.None);

        first.Stdout.ShouldBe("started\n");
        _sandbox.Ahead.Used.ShouldBe(2);
        second.Stderr.ShouldContain("No such file");
        // No process of the first command is left, and stdin is at its end as for a command started directly.
        second.Stdout.ShouldBe("0\nread=1\n");
    }

    [Fact]
    public async Task RunAsync_CommandWithOtherSurroundings_StartsItsOwnSandboxAndTheWaitingOneIsDiscarded()
    {
        var waiting = await PrestartAsync();

        var result = await _sandbox.RunAsync(_ws.Shell("echo $EXTRA") with { Environment = new Dictionary<string, string> { ["EXTRA"] = "given" } }, CancellationToken.None);

        result.Stdout.ShouldBe("given\n");
        _sandbox.Ahead.Used.ShouldBe(0);
        await _sandbox.Ahead.DiscardedAsync();
        Directory.Exists($"/proc/{waiting}").ShouldBeFalse("the sandbox that did not fit must be gone");
        (await WaitingAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_GitFolderMadeAfterThePrestart_StaysReadOnly()
    {
        await PrestartAsync();
        // The waiting sandbox was built before the workspace had a .git; the command must still not be able to write one
        // (a hook there would run on the host).
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, ".git", "hooks"));

        var result = await _sandbox.RunAsync(_ws.Shell("echo 'touch /pwned' > .git/hooks/pre-commit"), CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists(Path.Combine(_ws.Workspace, ".git", "hooks", "pre-commit")).ShouldBeFalse();
        _sandbox.Ahead.Used.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_MissingProgramAfterPrestart_IsExplainedAsWithoutIt()
    {
        await PrestartAsync();

        var result = await _sandbox.RunAsync(new SandboxRequest(_ws.Workspace, ["no-such-program-5150"]), CancellationToken.None);

        _sandbox.Ahead.Used.ShouldBe(1);
        result.ExitCode.ShouldBe(127);
        result.Stderr.ShouldContain("no-such-program-5150: not found in the sandbox");
    }

    [Fact]
    public async Task ReleaseAsync_AfterPrestart_EndsTheWaitingSandbox()
    {
        var waiting = await PrestartAsync();
        waiting.ShouldNotBeNull();
        Directory.Exists($"/proc/{waiting}").ShouldBeTrue();

        await _sandbox.ReleaseAsync(_ws.Workspace);
        await _sandbox.Ahead.DiscardedAsync();
        var result = await _sandbox.RunAsync(_ws.Shell("echo after"), CancellationToken.None);

        Directory.Exists($"/proc/{waiting}").ShouldBeFalse();
        result.Stdout.ShouldBe("after\n");
        _sandbox.Ahead.Used.ShouldBe(0);
    }

    [Fact]
    public async Task Prestart_TurnedOff_BuildsNothingAhead()
    {
        var sandbox = (BubblewrapSandbox)SandboxFactory.Create(new SandboxOptions { Prestart = false });

        sandbox.Prestart(_ws.Shell("true"));
        var result = await sandbox.RunAsync(_ws.Shell("echo plain"), CancellationToken.None);

        result.Stdout.ShouldBe("plain\n");
        sandbox.Ahead.Used.ShouldBe(0);
        (await sandbox.Ahead.WaitingProcessIdAsync(_ws.Workspace)).ShouldBeNull();
    }

    /// <summary>Prestarts a sandbox for the workspace's next command and waits until its program has started.</summary>
    private async Task<int?> PrestartAsync()
    {
        _sandbox.Prestart(_ws.Shell("true"));
        var waiting = await WaitingAsync();
        waiting.ShouldNotBeNull();
        return waiting;
    }

    private Task<int?> WaitingAsync() => _sandbox.Ahead.WaitingProcessIdAsync(_ws.Workspace);
}
