using Leviathan.Tools.Snapshots;
using Leviathan.Testing;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests;

public sealed class SnapshotStoreTests : IDisposable
{
    private readonly TempDirectory _ws = new("snapshots");
    private readonly TempDirectory _home = new("snapshots-home");
    private readonly WorkspaceSnapshotStore _store;

    public SnapshotStoreTests()
    {
        _store = new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_home.Path, _ws.Path), new FakeTimeProvider());
    }

    public void Dispose()
    {
        _ws.Dispose();
        _home.Dispose();
    }

    private void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.Combine(path))!);
        File.WriteAllText(_ws.Combine(path), text);
    }

    private string Read(string path) => File.ReadAllText(_ws.Combine(path));

    [Fact]
    public async Task Diff_Step_ShowsWhatThatStepChanged()
    {
        Write("main.c", "int main() { return 0; }\n");
        var step1 = await _store.CheckpointAsync("write_file main.c", CancellationToken.None);
        Write("main.c", "int main() { return 1; }\n");
        var step2 = await _store.CheckpointAsync("run_command make", CancellationToken.None);
        Write("notes.txt", "new file\n");

        var first = await _store.DiffAsync(step1, CancellationToken.None);
        var second = await _store.DiffAsync(step2, CancellationToken.None);
        var all = await _store.DiffAsync(null, CancellationToken.None);

        step1.ShouldBe(1);
        step2.ShouldBe(2);
        first.ShouldContain("-int main() { return 0; }");
        first.ShouldContain("+int main() { return 1; }");
        first.ShouldNotContain("notes.txt");
        second.ShouldContain("+++ b/notes.txt");
        second.ShouldNotContain("main.c");
        all.ShouldContain("main.c");
        all.ShouldContain("notes.txt");
    }

    [Fact]
    public async Task DiffSince_Step_ShowsEverythingChangedSinceThatCheckpointAndNothingBefore()
    {
        Write("old.txt", "from an earlier run\n");
        await _store.CheckpointAsync("an earlier run", CancellationToken.None);
        Write("old.txt", "changed by the earlier run\n");
        var start = await _store.CheckpointAsync("run start", CancellationToken.None);
        Write("main.c", "int main() { return 0; }\n");
        await _store.CheckpointAsync("write_file main.c", CancellationToken.None);
        Write("notes.txt", "not yet checkpointed\n");

        var since = await _store.DiffSinceAsync(start, CancellationToken.None);

        since.ShouldContain("+++ b/main.c");
        since.ShouldContain("+++ b/notes.txt");
        since.ShouldNotContain("old.txt");
        (await _store.DiffAsync(null, CancellationToken.None)).ShouldContain("old.txt");
        (await Should.ThrowAsync<SnapshotException>(() => _store.DiffSinceAsync(9, CancellationToken.None))).Message.ShouldContain("There is no step 9");
    }

    [Fact]
    public async Task Rollback_RestoresChangedDeletedAndRemovesAddedFiles()
    {
        Write("keep.txt", "original\n");
        Write("doomed.txt", "will be deleted\n");
        await _store.CheckpointAsync("edit_file keep.txt", CancellationToken.None);
        Write("keep.txt", "changed\n");
        File.Delete(_ws.Combine("doomed.txt"));
        Write("src/added.txt", "added later\n");
        await _store.CheckpointAsync("run_command ./build.sh", CancellationToken.None);
        Write("keep.txt", "changed again\n");

        var safety = await _store.RollbackAsync(1, CancellationToken.None);

        Read("keep.txt").ShouldBe("original\n");
        Read("doomed.txt").ShouldBe("will be deleted\n");
        File.Exists(_ws.Combine("src/added.txt")).ShouldBeFalse();
        safety.ShouldBe(3);
        // The rollback can itself be undone: step 3 holds the state just before it.
        await _store.RollbackAsync(safety, CancellationToken.None);
        Read("keep.txt").ShouldBe("changed again\n");
        Read("src/added.txt").ShouldBe("added later\n");
    }

    [Fact]
    public async Task Checkpoint_NeverTouchesTheUsersGitRepository()
    {
        await GitAsync("init", "-q");
        Write("tracked.txt", "user content\n");
        await GitAsync("add", "tracked.txt");
        await GitAsync("-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "user commit");
        var headBefore = await GitAsync("rev-parse", "HEAD");
        var statusBefore = await GitAsync("status", "--porcelain");

        await _store.CheckpointAsync("write_file tracked.txt", CancellationToken.None);
        Write("tracked.txt", "agent change\n");
        await _store.CheckpointAsync("run_command x", CancellationToken.None);
        await _store.RollbackAsync(1, CancellationToken.None);

        (await GitAsync("rev-parse", "HEAD")).ShouldBe(headBefore);
        (await GitAsync("status", "--porcelain")).ShouldBe(statusBefore);
        (await GitAsync("log", "--oneline")).Trim().Split('\n').Length.ShouldBe(1);
        var diff = await _store.DiffAsync(null, CancellationToken.None);
        diff.ShouldNotContain(".git/");
        Directory.Exists(_ws.Combine(".leviathan")).ShouldBeFalse();
        Directory.Exists(_store.GitDirectory).ShouldBeTrue();
        _store.GitDirectory.ShouldStartWith(Path.Combine(_home.Path, "workspaces") + "/");
    }

    [Fact]
    public async Task List_ShowsStepsWithDescriptions()
    {
        Write("a.txt", "a");
        await _store.CheckpointAsync("write_file a.txt", CancellationToken.None);
        await _store.CheckpointAsync("run_command make\nwith a second line", CancellationToken.None);

        var steps = await _store.ListAsync(CancellationToken.None);

        steps.Select(s => s.Step).ShouldBe([1, 2]);
        steps[0].Description.ShouldBe("write_file a.txt");
        steps[1].Description.ShouldBe("run_command make with a second line");
        steps[0].Time.ShouldBe(new FakeTimeProvider().GetUtcNow());
    }

    [Fact]
    public async Task Diff_UnknownStep_FailsNamingTheRange()
    {
        await _store.CheckpointAsync("write_file a", CancellationToken.None);

        var ex = await Should.ThrowAsync<SnapshotException>(() => _store.DiffAsync(9, CancellationToken.None));

        ex.Message.ShouldBe("There is no step 9: the snapshots are steps 1 to 1.");
    }

    [Fact]
    public async Task Diff_NoSnapshots_FailsSayingSo()
    {
        var ex = await Should.ThrowAsync<SnapshotException>(() => _store.DiffAsync(null, CancellationToken.None));

        ex.Message.ShouldContain("has no snapshots");
    }

    private async Task<string> GitAsync(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = _ws.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, string.Join(' ', args));
        return output;
    }
}
