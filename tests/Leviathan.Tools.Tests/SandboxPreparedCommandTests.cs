using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// A command whose bubblewrap sandbox is made ahead (<see cref="SandboxCommandRunner.Prepare"/>), as the team loop does for
/// the verification while the worker's model thinks: nothing runs before the command is asked for, it then sees the
/// workspace as it is, and a sandbox no longer what the command needs is never used.
/// </summary>
public sealed class SandboxPreparedCommandTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();
    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions());

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_PreparedCommand_RunsOnlyWhenAskedForAndSeesTheWorkspaceAsItIsThen()
    {
        var script = $"cat note.txt; echo ran > ran.txt # {Guid.NewGuid():N}";
        var request = Shell(script);
        await using var runner = new SandboxCommandRunner(_sandbox, _ws.Workspace);

        runner.Prepare(request);
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count > 0);

        HostProcesses.WithArgument(script).ShouldNotBeEmpty("the sandbox is made before its command is asked for");
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse("nothing runs in it before then");
        File.WriteAllText(Path.Combine(_ws.Workspace, "note.txt"), "written after the sandbox was made\n");

        var result = await runner.RunAsync(request, CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("written after the sandbox was made");
        File.ReadAllText(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBe("ran\n");
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count == 0);
        HostProcesses.WithArgument(script).ShouldBeEmpty("the command ran in the sandbox made for it, which is gone");
    }

    [Fact]
    public async Task RunAsync_OtherCommandsFirst_LeaveThePreparedSandboxToTheCommandItWasMadeFor()
    {
        var script = $"echo verified # {Guid.NewGuid():N}";
        await using var runner = new SandboxCommandRunner(_sandbox, _ws.Workspace);
        runner.Prepare(Shell(script));
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count > 0);

        var other = await runner.RunAsync(Shell("echo other > other.txt; echo other"), CancellationToken.None);
        runner.Prepare(Shell(script));

        other.Stdout.Trim().ShouldBe("other");
        HostProcesses.WithArgument(script).ShouldNotBeEmpty("another command does not take or give up the prepared sandbox");
        var verified = await runner.RunAsync(Shell(script), CancellationToken.None);
        verified.Stdout.Trim().ShouldBe("verified");
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count == 0);
        HostProcesses.WithArgument(script).ShouldBeEmpty("the command took its prepared sandbox instead of a new one");
    }

    [Fact]
    public async Task DisposeAsync_PreparedCommandNeverAskedFor_KillsItsSandboxWithoutRunningIt()
    {
        var script = $"echo ran > ran.txt # {Guid.NewGuid():N}";
        var runner = new SandboxCommandRunner(_sandbox, _ws.Workspace);
        runner.Prepare(Shell(script));
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count > 0);
        HostProcesses.WithArgument(script).ShouldNotBeEmpty();

        await runner.DisposeAsync();

        HostProcesses.WithArgument(script).ShouldBeEmpty();
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WorkspaceGainedAGitFolderSincePrepared_RunsInANewSandboxWhereGitIsReadOnly()
    {
        // Made while the workspace had no .git, the sandbox would let the command write one created since: it is not used.
        var script = $"touch .git/planted; echo status=$? # {Guid.NewGuid():N}";
        await using var runner = new SandboxCommandRunner(_sandbox, _ws.Workspace);
        runner.Prepare(Shell(script));
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count > 0);
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, ".git"));

        var result = await runner.RunAsync(Shell(script), CancellationToken.None);

        result.Stdout.ShouldNotContain("status=0");
        File.Exists(Path.Combine(_ws.Workspace, ".git", "planted")).ShouldBeFalse();
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count == 0);
        HostProcesses.WithArgument(script).ShouldBeEmpty("the sandbox made before the .git existed is given up");
    }

    [Fact]
    public async Task RunAsync_PreparedCommandWritesPastTheDiskQuota_OnlyWhatItWroteIsRemoved()
    {
        // The quota starts when the command is asked for: a file written after the sandbox was made (the worker's last edit)
        // is not the command's and stays.
        var limits = new SandboxLimits { MaxWorkspaceBytes = 64L << 20 };
        var script = $"mkdir out; for i in 1 2 3 4; do head -c 40000000 /dev/zero > out/f$i; done; echo wrote # {Guid.NewGuid():N}";
        await using var runner = new SandboxCommandRunner(_sandbox, _ws.Workspace, limits);
        runner.Prepare(Shell(script));
        await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(script).Count > 0);
        File.WriteAllText(Path.Combine(_ws.Workspace, "edited.txt"), "the worker's edit\n");

        var result = await runner.RunAsync(Shell(script), CancellationToken.None);

        result.Notice.ShouldNotBeNull().ShouldContain("disk_quota");
        Directory.Exists(Path.Combine(_ws.Workspace, "out")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_ws.Workspace, "edited.txt")).ShouldBe("the worker's edit\n");
    }

    private CommandRequest Shell(string script) => new(["/bin/sh", "-c", script], _ws.Workspace, TimeSpan.FromSeconds(60));
}
