using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary>
/// The CLI side of host-side state: <c>sandbox exec --snapshot</c>, <c>workspace diff/rollback</c> and <c>edit apply</c>
/// against a workspace whose commands plant code for host git and links that lead outside.
/// </summary>
public sealed class HostStateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _ws;
    private readonly string _outside;
    private readonly string _marker;

    public HostStateCommandTests()
    {
        _ws = Path.Combine(_cli.Scratch, "ws");
        _outside = Path.Combine(_cli.Scratch, "outside");
        _marker = Path.Combine(_cli.Scratch, "marker");
        Directory.CreateDirectory(_ws);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_ws, "app.txt"), "version 1\n");
    }

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Exec(string script) =>
        _cli.RunAsync("sandbox", "exec", "--workspace", _ws, "--snapshot", "--approve-all", "--", "sh", "-c", script);

    [Fact]
    public async Task SandboxExecSnapshot_CommandPlantsFsmonitorInSnapshotRepository_ScriptNeverRunsOnTheHost()
    {
        var script = HostileGit.Script(Path.Combine(_ws, "evil.sh"), _marker);
        var plant = $"git init -q --bare .leviathan/snapshots.git && git --git-dir=.leviathan/snapshots.git config core.fsmonitor '{script}' "
            + $"&& git --git-dir=.leviathan/snapshots.git config core.hooksPath '{_ws}' && cp evil.sh post-commit && cp evil.sh reference-transaction "
            + "&& echo 'version 2' > app.txt";

        var planted = await Exec(plant);
        var next = await Exec("echo 'version 3' > app.txt");
        var diff = await _cli.RunAsync("workspace", "diff", _ws);
        var rollback = await _cli.RunAsync("workspace", "rollback", _ws, "--step", "1");

        planted.ExitCode.ShouldBe(0, planted.Stderr);
        File.ReadAllText(Path.Combine(_ws, ".leviathan", "snapshots.git", "config")).ShouldContain("fsmonitor");
        next.ExitCode.ShouldBe(0, next.Stderr);
        diff.ExitCode.ShouldBe(0, diff.Stderr);
        diff.Stdout.ShouldContain("+version 3");
        rollback.ExitCode.ShouldBe(0, rollback.Stderr);
        File.Exists(_marker).ShouldBeFalse(File.Exists(_marker) ? File.ReadAllText(_marker) : null);
        HostileGit.Refs(Path.Combine(_ws, ".leviathan", "snapshots.git")).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(_ws, "app.txt")).ShouldBe("version 1\n");
        Directory.EnumerateDirectories(Path.Combine(_cli.Home, "workspaces")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task WorkspaceDiff_WorkspaceWithoutState_SaysThereAreNoSnapshotsAndCreatesNothing()
    {
        var diff = await _cli.RunAsync("workspace", "diff", _ws);
        var rollback = await _cli.RunAsync("workspace", "rollback", _ws, "--step", "1");
        var list = await _cli.RunAsync("workspace", "snapshots", _ws);

        diff.ExitCode.ShouldBe(1);
        diff.Stderr.ShouldContain("has no snapshots");
        rollback.ExitCode.ShouldBe(1);
        rollback.Stderr.ShouldContain("has no snapshots");
        list.Stderr.ShouldContain("no snapshots of");
        Directory.Exists(Path.Combine(_cli.Home, "workspaces")).ShouldBeFalse();
        Directory.Exists(Path.Combine(_ws, ".leviathan")).ShouldBeFalse();
    }

    [Fact]
    public async Task SandboxExecSnapshot_HomeInsideWorkspace_IsRefused()
    {
        var result = await _cli.RunAsync("--home", Path.Combine(_ws, "state"), "sandbox", "exec", "--workspace", _ws, "--snapshot", "--", "true");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("contains the Leviathan home");
        Directory.Exists(Path.Combine(_ws, "state", "workspaces")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--- a/out/x.txt\n+++ b/out/x.txt\n@@ -1 +1 @@\n-outside\n+pwned\n")]
    [InlineData("--- /dev/null\n+++ b/out/new.txt\n@@ -0,0 +1 @@\n+pwned\n")]
    [InlineData("--- a/app.txt\n+++ b/app.txt\n@@ -1 +1 @@\n-version 1\n+version 2\n--- a/hosts\n+++ b/hosts\n@@ -1 +1 @@\n-outside\n+pwned\n")]
    public async Task EditApply_PathThroughLinkOutside_IsRefusedAndOutsideUntouched(string patch)
    {
        File.WriteAllText(Path.Combine(_outside, "x.txt"), "outside\n");
        File.CreateSymbolicLink(Path.Combine(_ws, "out"), _outside);
        File.CreateSymbolicLink(Path.Combine(_ws, "hosts"), Path.Combine(_outside, "x.txt"));
        var edit = Path.Combine(_cli.Scratch, "edit.diff");
        File.WriteAllText(edit, patch);

        var result = await _cli.RunAsync("edit", "apply", "--root", _ws, edit);

        result.ExitCode.ShouldNotBe(0);
        (result.Stdout + result.Stderr).ShouldContain("outside the workspace");
        File.ReadAllText(Path.Combine(_outside, "x.txt")).ShouldBe("outside\n");
        Directory.EnumerateFileSystemEntries(_outside).ShouldBe([Path.Combine(_outside, "x.txt")]);
        File.ReadAllText(Path.Combine(_ws, "app.txt")).ShouldBe("version 1\n");
    }
}
