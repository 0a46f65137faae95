using Leviathan.Testing;
using Leviathan.Tools.Snapshots;
using Leviathan.Tools.Snapshots.InProcess;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Snapshots;

/// <summary>
/// Checkpoints write each checkpoint's new objects as one pack and their references to <c>packed-refs</c>, in a repository
/// made of only what git needs: git itself must find it sound and read it, and a checkpoint must create few files (on a
/// machine running many evaluations, creating files is what snapshots cost). Repositories written before, with loose
/// objects and loose references, keep working.
/// </summary>
public sealed class SnapshotPackTests : IDisposable
{
    private readonly TempDirectory _ws = new("snapshot-pack");
    private readonly TempDirectory _home = new("snapshot-pack-home");
    private readonly WorkspaceStateFolder _state;
    private readonly WorkspaceSnapshotStore _store;

    public SnapshotPackTests()
    {
        _state = WorkspaceStateFolder.For(_home.Path, _ws.Path);
        _store = new WorkspaceSnapshotStore(_state, new FakeTimeProvider());
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

    private string Git(params string[] arguments) => HostileGit.Run(null, ["--git-dir=" + _store.GitDirectory, .. arguments]);

    private static byte[] Binary(int seed)
    {
        var bytes = new byte[70_000];
        new Random(seed).NextBytes(bytes);
        bytes[10] = 0;
        return bytes;
    }

    /// <summary>The inode numbers of everything in the state folder (files and folders).</summary>
    private HashSet<uint> Inodes() =>
        [.. Directory.EnumerateFileSystemEntries(_state.FullPath, "*", SearchOption.AllDirectories).Append(_state.FullPath).Select(p => GitStat.TryLstat(p)!.Value.Stat.Inode)];

    private string[] PackIndexes() => Directory.GetFiles(Path.Combine(_store.GitDirectory, "objects", "pack"), "*.idx");

    [Fact]
    public async Task Checkpoints_ChangedUnchangedDeletedAndBinaryFiles_GitFsckAndVerifyPackFindThemSound()
    {
        Write("src/main.c", "int main() { return 0; }\n");
        Write("docs/readme.md", "# readme\n");
        Directory.CreateDirectory(_ws.Combine("data"));
        File.WriteAllBytes(_ws.Combine("data/blob.bin"), Binary(1));
        await _store.CheckpointAsync("first", CancellationToken.None);
        await _store.CheckpointAsync("unchanged", CancellationToken.None);
        Write("src/main.c", "int main() { return 1; }\n");
        File.WriteAllBytes(_ws.Combine("data/blob.bin"), Binary(2));
        await _store.CheckpointAsync("changed", CancellationToken.None);
        File.Delete(_ws.Combine("docs/readme.md"));
        await _store.CheckpointAsync("deleted", CancellationToken.None);
        Write("big/large.txt", string.Concat(Enumerable.Repeat("a line of a larger text file\n", 5000)));
        await _store.CheckpointAsync("large", CancellationToken.None);

        // Every object is in a pack (no loose object folders), one pack per checkpoint, each verified by git.
        Directory.GetDirectories(Path.Combine(_store.GitDirectory, "objects")).Select(Path.GetFileName).ShouldBe(["pack"]);
        PackIndexes().Length.ShouldBe(5);
        foreach (var index in PackIndexes())
        {
            HostileGit.Run(null, "verify-pack", index);
        }

        var fsck = Git("fsck", "--strict", "--full", "--no-dangling");
        fsck.ShouldBeEmpty();
        // git reads what was recorded: each checkpoint's files, byte for byte.
        Git("cat-file", "-p", "step-3:src/main.c").ShouldBe("int main() { return 1; }\n");
        Git("cat-file", "-p", "step-1:src/main.c").ShouldBe("int main() { return 0; }\n");
        Git("ls-tree", "-r", "--name-only", "step-4").ShouldNotContain("docs/readme.md");
        Git("rev-parse", "step-1^{tree}").ShouldBe(Git("rev-parse", "step-2^{tree}"));
        var blob = Git("rev-parse", "step-3:data/blob.bin").Trim();
        Git("cat-file", "-s", blob).Trim().ShouldBe("70000");
        Git("rev-list", "--count", "snapshots").Trim().ShouldBe("5");
        File.Exists(Path.Combine(_store.GitDirectory, "packed-refs")).ShouldBeTrue();
        Directory.Exists(Path.Combine(_store.GitDirectory, "refs", "tags")).ShouldBeFalse();
    }

    [Fact]
    public async Task Checkpoint_Unchanged_WritesOnlyItsCommitAndTag()
    {
        Write("a.txt", "a\n");
        Write("b/c.txt", "c\n");
        await _store.CheckpointAsync("first", CancellationToken.None);
        var before = PackIndexes();

        await _store.CheckpointAsync("nothing changed", CancellationToken.None);

        var added = PackIndexes().Except(before).ShouldHaveSingleItem();
        var objects = HostileGit.Run(null, "verify-pack", "-v", added);
        objects.Split('\n').Count(l => l.Length > 41 && l[40] == ' ').ShouldBe(1);
        objects.ShouldContain(" commit ");
        Git("rev-parse", "step-2").ShouldBe(Git("rev-parse", "snapshots"));
    }

    [Fact]
    public async Task Checkpoint_FilesCreated_StayWithinASmallBound()
    {
        Write("a.txt", "a\n");
        Write("src/b.txt", "b\n");
        Write("src/deep/c.txt", "c\n");

        await _store.CheckpointAsync("first", CancellationToken.None);
        // The state folder, its description and the checkpoint lock, the repository (HEAD, objects, objects/pack, refs), the pack
        // and its index, the git index and packed-refs: nothing per object, per folder of the work tree or per reference.
        var first = Inodes();
        first.Count.ShouldBeLessThanOrEqualTo(12);

        await _store.CheckpointAsync("unchanged", CancellationToken.None);
        var unchanged = Inodes();
        // Its pack (the commit), the pack's index, packed-refs; the git index is left as it was.
        unchanged.Except(first).Count().ShouldBeLessThanOrEqualTo(3);

        Write("src/deep/c.txt", "changed\n");
        await _store.CheckpointAsync("one file changed", CancellationToken.None);
        // The same, plus the git index.
        Inodes().Except(unchanged).Count().ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task DiffAndRollback_BinaryAndDeletedFiles_RestoreTheCheckpointExactly()
    {
        Write("keep.txt", "original\n");
        Write("doomed.txt", "will be deleted\n");
        File.WriteAllBytes(_ws.Combine("image.bin"), Binary(3));
        await _store.CheckpointAsync("start", CancellationToken.None);
        Write("keep.txt", "changed\n");
        File.Delete(_ws.Combine("doomed.txt"));
        File.WriteAllBytes(_ws.Combine("image.bin"), Binary(4));
        Write("added.txt", "added\n");

        var diff = await _store.DiffSinceAsync(1, CancellationToken.None);
        diff.ShouldContain("-original");
        diff.ShouldContain("+changed");
        diff.ShouldContain("deleted file mode 100644");
        diff.ShouldContain("Binary files a/image.bin and b/image.bin differ");
        diff.ShouldContain("+++ b/added.txt");
        await _store.RollbackAsync(1, CancellationToken.None);

        File.ReadAllText(_ws.Combine("keep.txt")).ShouldBe("original\n");
        File.ReadAllText(_ws.Combine("doomed.txt")).ShouldBe("will be deleted\n");
        File.ReadAllBytes(_ws.Combine("image.bin")).ShouldBe(Binary(3));
        File.Exists(_ws.Combine("added.txt")).ShouldBeFalse();
        (await _store.DiffSinceAsync(1, CancellationToken.None)).ShouldBeEmpty();
        Git("fsck", "--strict", "--full", "--no-dangling").ShouldBeEmpty();
    }

    [Fact]
    public async Task OldLayoutRepository_LooseObjectsAndReferences_KeepWorking()
    {
        // What earlier versions left: a repository as 'git init' makes it, loose objects, loose branch and tag.
        Write("keep.txt", "original\n");
        Write("src/old.txt", "old\n");
        var repository = _store.GitDirectory;
        Directory.CreateDirectory(_state.Create().FullPath);
        HostileGit.Run(null, "init", "-q", "--bare", "--template=", repository);
        File.WriteAllText(Path.Combine(repository, "HEAD"), "ref: refs/heads/snapshots\n");
        Directory.CreateDirectory(Path.Combine(repository, "info"));
        File.WriteAllText(Path.Combine(repository, "info", "exclude"), WorkspaceSnapshotStore.Exclude);
        string[] work = ["--git-dir=" + repository, "--work-tree=" + _ws.Path, "-c", "core.bare=false"];
        HostileGit.Run(null, [.. work, "add", "--all"]);
        HostileGit.Run(null, [.. work, "commit", "-q", "-m", "step 1: from an earlier version"]);
        HostileGit.Run(null, [.. work, "tag", "step-1"]);
        File.Exists(Path.Combine(repository, "refs", "tags", "step-1")).ShouldBeTrue();

        Write("keep.txt", "changed\n");
        File.Delete(_ws.Combine("src/old.txt"));
        var step = await _store.CheckpointAsync("after the upgrade", CancellationToken.None);
        Write("keep.txt", "changed again\n");

        step.ShouldBe(2);
        (await _store.ListAsync(CancellationToken.None)).Select(s => (s.Step, s.Description)).ShouldBe([(1, "from an earlier version"), (2, "after the upgrade")]);
        var first = await _store.DiffAsync(1, CancellationToken.None);
        first.ShouldContain("-original");
        first.ShouldContain("+changed");
        first.ShouldContain("deleted file mode 100644");
        (await _store.DiffSinceAsync(1, CancellationToken.None)).ShouldContain("+changed again");
        Git("rev-parse", "step-2^").ShouldBe(Git("rev-parse", "step-1"));

        await _store.RollbackAsync(1, CancellationToken.None);

        File.ReadAllText(_ws.Combine("keep.txt")).ShouldBe("original\n");
        File.ReadAllText(_ws.Combine("src/old.txt")).ShouldBe("old\n");
        (await _store.ListAsync(CancellationToken.None)).Select(s => s.Step).ShouldBe([1, 2, 3]);
        Git("fsck", "--strict", "--full", "--no-dangling").ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkpoint_ConcurrentFirstCheckpointsOfOneWorkspace_BothRecordIntoOneSoundRepository()
    {
        Write("a.txt", "a\n");
        var other = new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_home.Path, _ws.Path), new FakeTimeProvider());

        var steps = await Task.WhenAll(
            Task.Run(() => _store.CheckpointAsync("one", CancellationToken.None)),
            Task.Run(() => other.CheckpointAsync("other", CancellationToken.None)));

        // They took turns: each has its own step, and neither tag was written over by the other.
        steps.Order().ShouldBe([1, 2]);
        (await _store.ListAsync(CancellationToken.None)).Select(s => s.Description).Order(StringComparer.Ordinal).ShouldBe(["one", "other"]);
        Git("fsck", "--strict", "--full", "--no-dangling").ShouldBeEmpty();
        Git("cat-file", "-p", "snapshots:a.txt").ShouldBe("a\n");
        Git("rev-parse", "step-2^").ShouldBe(Git("rev-parse", "step-1"));
    }

    [Fact]
    public async Task Checkpoint_AnotherProcessCheckpointsTheWorkspace_WaitsForItsTurnThenTakesTheNextStep()
    {
        Write("a.txt", "a\n");
        await _store.CheckpointAsync("first", CancellationToken.None);
        Write("a.txt", "changed\n");
        Task<int> waiting;
        using (new FileStream(Path.Combine(_store.State.FullPath, WorkspaceSnapshotStore.CheckpointLockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = Task.Run(() => _store.CheckpointAsync("second", CancellationToken.None));
            await Task.Yield();

            // The other holder has the lock, so the checkpoint cannot have recorded anything yet.
            waiting.IsCompleted.ShouldBeFalse();
            (await _store.ListAsync(CancellationToken.None)).Select(s => s.Step).ShouldBe([1]);
        }

        (await waiting).ShouldBe(2);
        Git("cat-file", "-p", "step-2:a.txt").ShouldBe("changed\n");
    }

    [Fact]
    public async Task Checkpoint_TheLockCannotBeOpened_FailsAtOnceNamingIt()
    {
        Write("a.txt", "a\n");
        await _store.CheckpointAsync("first", CancellationToken.None);
        var lockFile = Path.Combine(_store.State.FullPath, WorkspaceSnapshotStore.CheckpointLockFile);
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile);

        var error = await Should.ThrowAsync<SnapshotException>(() => _store.CheckpointAsync("second", CancellationToken.None));

        error.Message.ShouldContain($"The checkpoint lock of the workspace '{_store.Workspace}' could not be taken");
        error.Message.ShouldContain(lockFile);
        (await _store.ListAsync(CancellationToken.None)).Select(s => s.Step).ShouldBe([1]);
    }

    [Fact]
    public async Task Checkpoint_ManyCheckpoints_PacksAreMergedAndEveryStepStaysReadable()
    {
        for (var i = 1; i <= WorkspaceSnapshotStore.PacksBeforeRepack + 1; i++)
        {
            Write("counter.txt", $"{i}\n");
            await _store.CheckpointAsync($"step {i}", CancellationToken.None);
        }

        Write("counter.txt", "last\n");
        await _store.CheckpointAsync("after the merge", CancellationToken.None);

        // Merged into one at the 50th, then one for each of the two checkpoints since.
        PackIndexes().Length.ShouldBe(3);
        Git("fsck", "--strict", "--full", "--no-dangling").ShouldBeEmpty();
        Git("cat-file", "-p", "step-7:counter.txt").ShouldBe("7\n");
        (await _store.DiffAsync(7, CancellationToken.None)).ShouldContain("+8");
        (await _store.DiffSinceAsync(3, CancellationToken.None)).ShouldContain("+last");
        await _store.RollbackAsync(5, CancellationToken.None);
        File.ReadAllText(_ws.Combine("counter.txt")).ShouldBe("5\n");
    }
}
