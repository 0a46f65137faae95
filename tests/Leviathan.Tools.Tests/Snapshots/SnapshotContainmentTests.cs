using Leviathan.Testing;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Snapshots;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Snapshots;

/// <summary>
/// The attacks on host-side snapshots, performed for real: code a workspace plants for git, repositories and links it
/// ships. The marker file exists only if a planted script ran on the host.
/// </summary>
public sealed class SnapshotContainmentTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();
    private readonly string _marker;
    private readonly string _script;

    internal string Script => _script;

    internal string Root => _ws.Root;

    internal string Workspace => _ws.Workspace;
    private readonly WorkspaceSnapshotStore _store;

    public SnapshotContainmentTests()
    {
        _marker = Path.Combine(_ws.Root, "marker");
        _script = HostileGit.Script(Path.Combine(_ws.Workspace, "evil.sh"), _marker);
        File.WriteAllText(Path.Combine(_ws.Workspace, "app.txt"), "version 1\n");
        _store = new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_ws.Home, _ws.Workspace), new FakeTimeProvider());
    }

    public void Dispose() => _ws.Dispose();

    private string Legacy => Path.Combine(_ws.Workspace, ".leviathan", "snapshots.git");

    /// <summary>Everything that runs git on the host: checkpoints, listing, diffs, rollback.</summary>
    internal async Task UseEveryOperationAsync()
    {
        var first = await _store.CheckpointAsync("write_file app.txt", CancellationToken.None);
        File.WriteAllText(Path.Combine(_ws.Workspace, "app.txt"), "version 2\n");
        await _store.CheckpointAsync("run_command make", CancellationToken.None);
        await _store.ListAsync(CancellationToken.None);
        await _store.DiffAsync(null, CancellationToken.None);
        await _store.DiffAsync(first, CancellationToken.None);
        await _store.DiffSinceAsync(first, CancellationToken.None);
        await _store.RollbackAsync(first, CancellationToken.None);
    }

    internal void ScriptNeverRan() =>
        File.Exists(_marker).ShouldBeFalse(File.Exists(_marker) ? File.ReadAllText(_marker) : null);

    [Fact]
    public async Task Checkpoint_SandboxedCommandPlantsFsmonitorAndHooks_NothingRunsOnTheHost()
    {
        // As any agent's run_command can: a snapshot repository where older versions kept theirs, armed with a
        // fsmonitor and hooks, attributes naming a filter, and an attempt on the real state folder.
        var state = _store.State.SnapshotRepository;
        var plant = $"""
            set -e
            git init -q --bare .leviathan/snapshots.git
            for key in core.fsmonitor core.sshCommand diff.external filter.x.clean filter.x.smudge; do
              git --git-dir=.leviathan/snapshots.git config "$key" '{_script}'
            done
            git --git-dir=.leviathan/snapshots.git config filter.x.required true
            git --git-dir=.leviathan/snapshots.git config core.hooksPath '{_ws.Workspace}/hooks'
            mkdir -p hooks
            for hook in pre-commit post-commit reference-transaction post-checkout post-index-change; do cp evil.sh hooks/$hook; done
            printf '* filter=x diff=x\n' > .gitattributes
            (mkdir -p '{state}' && git --git-dir='{state}' config core.fsmonitor '{_script}') 2>/dev/null || echo state-unreachable
            """;

        var result = await SandboxFactory.Create(new SandboxOptions()).RunAsync(_ws.Shell(plant), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("state-unreachable");
        File.ReadAllText(Path.Combine(Legacy, "config")).ShouldContain("fsmonitor");
        await UseEveryOperationAsync();
        ScriptNeverRan();
        HostileGit.Refs(Legacy).ShouldBeEmpty("the planted repository is never opened, so it gets no commit or tag");
        File.ReadAllText(Path.Combine(_ws.Workspace, "app.txt")).ShouldBe("version 1\n");
    }

    [Fact]
    public async Task Checkpoint_WorkspaceShipsArmedSnapshotRepository_IsNeverOpened()
    {
        HostileGit.Run(null, "init", "-q", Legacy);
        HostileGit.Arm(Path.Combine(Legacy, ".git"), _script);
        HostileGit.Run(null, "init", "-q", "--bare", Path.Combine(_ws.Workspace, ".leviathan", "bare.git"));
        Directory.Delete(Legacy, recursive: true);
        Directory.Move(Path.Combine(_ws.Workspace, ".leviathan", "bare.git"), Legacy);
        HostileGit.Arm(Legacy, _script);
        var before = File.ReadAllText(Path.Combine(Legacy, "config"));

        await UseEveryOperationAsync();

        ScriptNeverRan();
        HostileGit.Refs(Legacy).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(Legacy, "config")).ShouldBe(before);
        _store.GitDirectory.ShouldStartWith(Path.Combine(_ws.Home, WorkspaceStateFolder.WorkspacesFolder) + "/");
    }

    [Fact]
    public async Task Checkpoint_StateRepositoryTamperedWith_RunsNothingAndKeepsBytesExact()
    {
        // Should the state folder ever be reached (a home that was not hidden), its configuration is still Leviathan's.
        await _store.CheckpointAsync("run start", CancellationToken.None);
        HostileGit.Arm(_store.GitDirectory, _script);
        Directory.CreateDirectory(Path.Combine(_store.GitDirectory, "info"));
        File.WriteAllText(Path.Combine(_store.GitDirectory, "info", "attributes"), "* filter=x diff=x\n");
        File.WriteAllText(Path.Combine(_store.GitDirectory, "info", "exclude"), "*\n");
        HostileGit.Attributes(_ws.Workspace);
        File.WriteAllText(Path.Combine(_ws.Workspace, "crlf.txt"), "a\r\nb\r\n");

        await UseEveryOperationAsync();
        File.WriteAllText(Path.Combine(_ws.Workspace, "crlf.txt"), "changed\n");
        var last = (await _store.ListAsync(CancellationToken.None))[^1].Step;
        await _store.RollbackAsync(last, CancellationToken.None);

        ScriptNeverRan();
        File.ReadAllText(Path.Combine(_store.GitDirectory, "config")).ShouldNotContain("fsmonitor");
        File.ReadAllText(Path.Combine(_ws.Workspace, "crlf.txt")).ShouldBe("a\r\nb\r\n");
    }

    [Fact]
    public async Task Checkpoint_NestedRepositoriesArmed_RunNothing()
    {
        // A nested checkout with an armed .git, and a gitfile that sends git to an armed repository elsewhere.
        var nested = Path.Combine(_ws.Workspace, "vendor", "lib");
        Directory.CreateDirectory(nested);
        File.WriteAllText(Path.Combine(nested, "lib.c"), "int lib;\n");
        HostileGit.Run(nested, "init", "-q");
        HostileGit.Run(nested, "add", "lib.c");
        HostileGit.Run(nested, "commit", "-qm", "lib");
        HostileGit.Arm(Path.Combine(nested, ".git"), _script);
        var elsewhere = Path.Combine(_ws.Outside, "armed.git");
        HostileGit.Run(null, "init", "-q", "--bare", elsewhere);
        HostileGit.Arm(elsewhere, _script);
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, "sub"));
        File.WriteAllText(Path.Combine(_ws.Workspace, "sub", ".git"), $"gitdir: {elsewhere}\n");
        HostileGit.Attributes(_ws.Workspace);

        await UseEveryOperationAsync();

        ScriptNeverRan();
        HostileGit.Refs(elsewhere).ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkpoint_NestedRepositoryWithoutACommit_DoesNotFailTheStep()
    {
        // What 'git init' or 'cargo new' in the sandbox leaves: it used to make every later checkpoint fail.
        HostileGit.Run(null, "init", "-q", Path.Combine(_ws.Workspace, "crate"));
        File.WriteAllText(Path.Combine(_ws.Workspace, "crate", "main.rs"), "fn main() {}\n");

        await UseEveryOperationAsync();

        File.ReadAllText(Path.Combine(_ws.Workspace, "app.txt")).ShouldBe("version 1\n");
        File.Exists(Path.Combine(_ws.Workspace, "crate", "main.rs")).ShouldBeTrue("what could not be recorded is left alone by a rollback");
    }

    [Fact]
    public async Task Checkpoint_LeviathanFolderLinkedOutside_NothingAppearsThere()
    {
        File.CreateSymbolicLink(Path.Combine(_ws.Workspace, ".leviathan"), _ws.Outside);

        await UseEveryOperationAsync();

        Directory.EnumerateFileSystemEntries(_ws.Outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkpoint_SnapshotsGitLinkedToAnotherRepository_AddsNoCommitOrTag()
    {
        var other = Path.Combine(_ws.Outside, "project");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "readme.txt"), "theirs\n");
        HostileGit.Run(other, "init", "-q");
        HostileGit.Run(other, "add", "readme.txt");
        HostileGit.Run(other, "commit", "-qm", "their commit");
        var refs = HostileGit.Refs(Path.Combine(other, ".git"));
        var objects = HostileGit.Run(other, "count-objects", "-v");
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, ".leviathan"));
        File.CreateSymbolicLink(Legacy, Path.Combine(other, ".git"));

        await UseEveryOperationAsync();

        HostileGit.Refs(Path.Combine(other, ".git")).ShouldBe(refs);
        HostileGit.Run(other, "count-objects", "-v").ShouldBe(objects);
        HostileGit.Run(other, "status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollback_FolderReplacedByLinkOutside_WritesNothingOutside()
    {
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, "d"));
        File.WriteAllText(Path.Combine(_ws.Workspace, "d", "a.txt"), "inside\n");
        var step = await _store.CheckpointAsync("write_file d/a.txt", CancellationToken.None);
        Directory.Delete(Path.Combine(_ws.Workspace, "d"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(_ws.Workspace, "d"), _ws.Outside);

        await _store.RollbackAsync(step, CancellationToken.None);

        Directory.EnumerateFileSystemEntries(_ws.Outside).ShouldBeEmpty();
        new DirectoryInfo(Path.Combine(_ws.Workspace, "d")).LinkTarget.ShouldBeNull();
        File.ReadAllText(Path.Combine(_ws.Workspace, "d", "a.txt")).ShouldBe("inside\n");
    }

    [Fact]
    public async Task Rollback_FileReplacedByLinkToHostFile_LeavesTheHostFileAlone()
    {
        var hostFile = Path.Combine(_ws.Outside, "host.conf");
        File.WriteAllText(hostFile, "host setting\n");
        var step = await _store.CheckpointAsync("write_file app.txt", CancellationToken.None);
        File.Delete(Path.Combine(_ws.Workspace, "app.txt"));
        File.CreateSymbolicLink(Path.Combine(_ws.Workspace, "app.txt"), hostFile);

        await _store.RollbackAsync(step, CancellationToken.None);

        File.ReadAllText(hostFile).ShouldBe("host setting\n");
        new FileInfo(Path.Combine(_ws.Workspace, "app.txt")).LinkTarget.ShouldBeNull();
        File.ReadAllText(Path.Combine(_ws.Workspace, "app.txt")).ShouldBe("version 1\n");
    }

    [Fact]
    public async Task Checkpoint_WorkspaceOwnedByAnotherUser_StillWorks()
    {
        // Root snapshotting a user's checkout: git's ownership check must not refuse Leviathan's own repository.
        using (var chown = System.Diagnostics.Process.Start("chown", ["-R", "65534:65534", _ws.Workspace]))
        {
            await chown!.WaitForExitAsync();
        }

        await UseEveryOperationAsync();

        File.ReadAllText(Path.Combine(_ws.Workspace, "app.txt")).ShouldBe("version 1\n");
    }

    [Fact]
    public async Task Diff_WorkspaceWithoutState_SaysThereAreNoSnapshotsAndCreatesNothing()
    {
        var ex = await Should.ThrowAsync<SnapshotException>(() => _store.DiffAsync(null, CancellationToken.None));

        ex.Message.ShouldContain("has no snapshots");
        ex.Message.ShouldContain(_store.State.FullPath);
        _store.State.Exists.ShouldBeFalse();
    }
}
