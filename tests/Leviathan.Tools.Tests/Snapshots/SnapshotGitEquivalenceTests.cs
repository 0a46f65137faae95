using Leviathan.Testing;
using Leviathan.Tools.Snapshots;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Snapshots;

/// <summary>
/// Checkpoints are worked out in process; what they record must be exactly what <c>git add --all</c> and
/// <c>git write-tree</c> record for the same work tree, with the same exclude file and the same history of adds.
/// </summary>
public sealed class SnapshotGitEquivalenceTests : IDisposable
{
    private readonly TempDirectory _ws = new("snapshot-equivalence");
    private readonly TempDirectory _home = new("snapshot-equivalence-home");
    private readonly TempDirectory _reference = new("snapshot-equivalence-git");
    private readonly WorkspaceSnapshotStore _store;

    public SnapshotGitEquivalenceTests()
    {
        _store = new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_home.Path, _ws.Path), new FakeTimeProvider());
        HostileGit.Run(null, "init", "-q", "--bare", _reference.Path);
        Directory.CreateDirectory(Path.Combine(_reference.Path, "info"));
        File.WriteAllText(Path.Combine(_reference.Path, "info", "exclude"), "/.git/\n.git\n/" + WorkspaceSnapshotStore.LegacyRepositoryPath + "/\n");
    }

    public void Dispose()
    {
        _ws.Dispose();
        _home.Dispose();
        _reference.Dispose();
    }

    private void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.Combine(path))!);
        File.WriteAllText(_ws.Combine(path), text);
    }

    /// <summary>The tree git records for the work tree now, in the reference repository (its index carries the earlier adds).</summary>
    private string GitTree()
    {
        HostileGit.Run(null, "--git-dir=" + _reference.Path, "--work-tree=" + _ws.Path, "-c", "core.autocrlf=false", "add", "--all");
        return HostileGit.Run(null, "--git-dir=" + _reference.Path, "--work-tree=" + _ws.Path, "write-tree").Trim();
    }

    private string CheckpointTree(int step) =>
        HostileGit.Run(null, "--git-dir=" + _store.GitDirectory, "rev-parse", $"refs/tags/step-{step}^{{tree}}").Trim();

    [Fact]
    public async Task Checkpoint_IgnoreRulesOfEveryKind_RecordsWhatGitRecords()
    {
        Write(".gitignore", string.Join('\n',
            "# comment",
            "*.log",
            "!keep.log",
            "build/",
            "/top-only.txt",
            "docs/**/*.tmp",
            "**/cache",
            "a/*/c.txt",
            "[0-9][0-9].out",
            "file[!x].bin",
            "trailing.txt   ",
            "escaped\\ .txt\\ ",
            "\\#hash.txt",
            "\\!bang.txt",
            "*.py[co]",
            "crlf.txt\r",
            "dir-only-file/",
            "x?z",
            "[[:digit:]]class.txt"));
        Write("app.log", "ignored\n");
        Write("keep.log", "kept\n");
        Write("build/out.o", "ignored\n");
        Write("src/build/out.o", "ignored too (no slash before build/)\n");
        Write("top-only.txt", "ignored\n");
        Write("src/top-only.txt", "kept: anchored at the top\n");
        Write("docs/a/b/x.tmp", "ignored\n");
        Write("docs/x.tmp", "ignored: ** matches no folder\n");
        Write("docs/x.tmpl", "kept\n");
        Write("deep/er/cache/file", "ignored\n");
        Write("a/b/c.txt", "ignored\n");
        Write("a/b/d/c.txt", "kept: * is one folder\n");
        Write("12.out", "ignored\n");
        Write("123.out", "kept\n");
        Write("filey.bin", "ignored\n");
        Write("filex.bin", "kept\n");
        Write("trailing.txt", "ignored\n");
        Write("escaped .txt ", "ignored\n");
        Write("#hash.txt", "ignored\n");
        Write("!bang.txt", "ignored\n");
        Write("m.pyc", "ignored\n");
        Write("m.py", "kept\n");
        Write("crlf.txt", "ignored\n");
        Write("dir-only-file", "kept: a file\n");
        Write("xyz", "ignored\n");
        Write("7class.txt", "ignored\n");
        Write("sub/.gitignore", "*.txt\n!important.txt\n/local\n");
        Write("sub/note.txt", "ignored by sub/.gitignore\n");
        Write("sub/important.txt", "kept\n");
        Write("sub/local/x", "ignored\n");
        Write("sub/deeper/local/x", "kept: /local is anchored at sub\n");
        Write("sub/deeper/other.txt", "ignored\n");
        Write("run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(_ws.Combine("run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(_ws.Combine("link"), "src/top-only.txt");
        File.CreateSymbolicLink(_ws.Combine("dangling"), "/nowhere/at/all");
        Directory.CreateDirectory(_ws.Combine("empty"));
        Write("a.b", "name sorting\n");
        Write("a-b/x", "name sorting\n");
        Write("a0", "name sorting\n");
        Write("ünïcödé/名前.txt", "utf-8 names\n");

        var step = await _store.CheckpointAsync("run start", CancellationToken.None);
        var unchanged = await _store.DiffSinceAsync(step, CancellationToken.None);

        _store.GitProcesses.ShouldBe(0, "a checkpoint and the diff of an unchanged work tree run no git process");
        unchanged.ShouldBeEmpty();
        CheckpointTree(step).ShouldBe(GitTree());
    }

    [Fact]
    public async Task Checkpoint_TrackedFileLaterIgnoredOrReplaced_RecordsWhatGitRecords()
    {
        Write("out/result.txt", "1\n");
        Write("keep.txt", "1\n");
        Write("gone.txt", "1\n");
        Write("d/a.txt", "inside\n");
        var first = await _store.CheckpointAsync("first", CancellationToken.None);
        CheckpointTree(first).ShouldBe(GitTree());

        // Ignoring a tracked file does not untrack it: git keeps recording its changes.
        Write(".gitignore", "out/\nkeep.txt\n");
        Write("out/result.txt", "2\n");
        Write("out/new.txt", "untracked and ignored\n");
        Write("keep.txt", "2\n");
        File.Delete(_ws.Combine("gone.txt"));
        Directory.Delete(_ws.Combine("d"), recursive: true);
        File.CreateSymbolicLink(_ws.Combine("d"), _home.Path);
        var second = await _store.CheckpointAsync("second", CancellationToken.None);

        _store.GitProcesses.ShouldBe(0);
        CheckpointTree(second).ShouldBe(GitTree());
    }

    [Fact]
    public async Task DiffSince_FileRewrittenWithTheSameSizeAndTime_ShowsTheChange()
    {
        Write("value.txt", "aaaa\n");
        var start = await _store.CheckpointAsync("run start", CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(_ws.Combine("value.txt"));

        Write("value.txt", "bbbb\n");
        File.SetLastWriteTimeUtc(_ws.Combine("value.txt"), written);
        var diff = await _store.DiffSinceAsync(start, CancellationToken.None);

        diff.ShouldContain("-aaaa");
        diff.ShouldContain("+bbbb");
    }

    [Fact]
    public async Task DiffSince_NothingChanged_IsEmptyAndLaterChangesShow()
    {
        Write("main.c", "int main() { return 0; }\n");
        var start = await _store.CheckpointAsync("run start", CancellationToken.None);

        var unchanged = await _store.DiffSinceAsync(start, CancellationToken.None);
        Write("main.c", "int main() { return 1; }\n");
        var changed = await _store.DiffSinceAsync(start, CancellationToken.None);

        unchanged.ShouldBeEmpty();
        changed.ShouldContain("+int main() { return 1; }");
        _store.GitProcesses.ShouldBe(1, "only the diff of a changed tree runs git");
    }

    [Fact]
    public async Task Checkpoint_NestedRepository_IsLeftToGitAndRecordedAsItsCommit()
    {
        Write("app.txt", "1\n");
        Write("vendor/lib/lib.c", "int lib;\n");
        HostileGit.Run(_ws.Combine("vendor", "lib"), "init", "-q");
        HostileGit.Run(_ws.Combine("vendor", "lib"), "add", "lib.c");
        HostileGit.Run(_ws.Combine("vendor", "lib"), "commit", "-qm", "lib");

        var step = await _store.CheckpointAsync("run start", CancellationToken.None);

        _store.GitProcesses.ShouldBeGreaterThan(0, "git alone records a nested repository (a gitlink)");
        CheckpointTree(step).ShouldBe(GitTree());
        HostileGit.Run(null, "--git-dir=" + _store.GitDirectory, "ls-tree", $"refs/tags/step-{step}", "vendor/lib").ShouldStartWith("160000 commit ");
    }
}
