using Leviathan.Evaluation.Suites;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Tests;

public sealed class TaskWorkspaceTests : IDisposable
{
    private readonly PackBuilder _pack = new();
    private readonly string _root = TestPaths.NewWorkspaceRoot();
    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions());

    public void Dispose()
    {
        _pack.Dispose();
        TestPaths.DeleteQuietly(_root);
    }

    private string Workspace => Path.Combine(_root, "ws");

    private SoftwareTask Task1 => SuiteLoader.Load(_pack.Root).Tasks.Single();

    [Fact]
    public async Task MaterializeAsync_RepoFolder_CopiesStartingFilesOnly()
    {
        await TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None);

        File.ReadAllText(Path.Combine(Workspace, "calc.py")).ShouldContain("abs(a)");
        File.Exists(Path.Combine(Workspace, "tests", "test_calc.py")).ShouldBeTrue();
        File.Exists(Path.Combine(Workspace, "tests", "test_hidden.py")).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(Workspace, "*", SearchOption.AllDirectories)
            .ShouldNotContain(p => p.Contains("hidden", StringComparison.Ordinal) || p.Contains("reference", StringComparison.Ordinal) || p.EndsWith("task.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaterializeAsync_NonEmptyWorkspace_IsRefused()
    {
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "left-over.txt"), "x");

        await Should.ThrowAsync<IOException>(() => TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None));
    }

    [Fact]
    public async Task AddHiddenTests_LinkWhereTheTestsFolderGoes_IsReplacedNotFollowed()
    {
        await TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None);
        var outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(outside);
        Directory.Delete(Path.Combine(Workspace, "tests"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "tests"), outside);

        TaskWorkspace.AddHiddenTests(Task1, Workspace);

        Directory.EnumerateFileSystemEntries(outside).ShouldBeEmpty();
        new DirectoryInfo(Path.Combine(Workspace, "tests")).LinkTarget.ShouldBeNull();
        File.Exists(Path.Combine(Workspace, "tests", "test_hidden.py")).ShouldBeTrue();
    }

    [Fact]
    public async Task AddHiddenTests_LinkWhereAHiddenFileGoes_IsReplacedNotWrittenThrough()
    {
        await TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None);
        var victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "untouched");
        File.CreateSymbolicLink(Path.Combine(Workspace, "tests", "test_hidden.py"), victim);

        TaskWorkspace.AddHiddenTests(Task1, Workspace);

        File.ReadAllText(victim).ShouldBe("untouched");
        new FileInfo(Path.Combine(Workspace, "tests", "test_hidden.py")).LinkTarget.ShouldBeNull();
        File.ReadAllText(Path.Combine(Workspace, "tests", "test_hidden.py")).ShouldContain("test_negative");
    }

    [Fact]
    public async Task AddHiddenTests_AgentVersionOfAHiddenFile_IsOverwritten()
    {
        await TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None);
        File.WriteAllText(Path.Combine(Workspace, "tests", "test_hidden.py"), "# the agent's own version, which always passes\n");

        TaskWorkspace.AddHiddenTests(Task1, Workspace);

        File.ReadAllText(Path.Combine(Workspace, "tests", "test_hidden.py")).ShouldContain("add(-2, 3)");
    }

    [Fact]
    public async Task JudgeAsync_InSandbox_ReportsFailToPassBeforeAndResolvedAfterTheFix()
    {
        var task = Task1;
        await TaskWorkspace.MaterializeAsync(task, Workspace, CancellationToken.None);
        TaskWorkspace.AddHiddenTests(task, Workspace);
        var judge = TaskJudge.InSandbox(_sandbox, Workspace);

        var before = await judge.JudgeAsync(task, CancellationToken.None);
        await TaskWorkspace.ApplyReferenceAsync(task, Workspace, CancellationToken.None);
        var after = await judge.JudgeAsync(task, CancellationToken.None);

        before.Resolved.ShouldBeFalse();
        before.FailToPass.ShouldHaveSingleItem().Passed.ShouldBeFalse();
        before.FailToPass[0].Output.ShouldContain("AssertionError");
        before.PassToPass.ShouldHaveSingleItem().Passed.ShouldBeTrue();
        before.Summary.ShouldBe("task-1: fail_to_pass 0/1 passed, pass_to_pass 1/1 passed; failed: tests.test_hidden.HiddenTests.test_negative");
        after.Resolved.ShouldBeTrue(after.Summary);
    }

    [Fact]
    public async Task JudgeAsync_TestRunningPastTheTimeout_FailsAsTimedOut()
    {
        _pack.Edit("task-1/task.yaml", "judge:\n", "judge:\n  timeout_seconds: 1\n");
        _pack.Write("task-1/hidden/tests/test_hidden.py", "import unittest\n\n\nclass HiddenTests(unittest.TestCase):\n    def test_negative(self):\n        while True:\n            pass\n");
        var task = Task1;
        await TaskWorkspace.MaterializeAsync(task, Workspace, CancellationToken.None);
        TaskWorkspace.AddHiddenTests(task, Workspace);

        var report = await TaskJudge.InSandbox(_sandbox, Workspace).JudgeAsync(task, CancellationToken.None);

        var hung = report.FailToPass.ShouldHaveSingleItem();
        hung.TimedOut.ShouldBeTrue();
        hung.Passed.ShouldBeFalse();
        hung.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        report.PassToPass.ShouldHaveSingleItem().Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyReferenceAsync_Patch_AppliesTheDiff()
    {
        File.Delete(_pack.Path("task-1/reference/calc.py"));
        _pack.Write("task-1/reference/fix.patch", "--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return abs(a) + abs(b)\n+    return a + b\n");
        var task = Task1;
        await TaskWorkspace.MaterializeAsync(task, Workspace, CancellationToken.None);

        await TaskWorkspace.ApplyReferenceAsync(task, Workspace, CancellationToken.None);

        File.ReadAllText(Path.Combine(Workspace, "calc.py")).ShouldBe("def add(a, b):\n    return a + b\n");
    }

    [Fact]
    public async Task ApplyReferenceAsync_PatchThatDoesNotApply_SaysSo()
    {
        File.Delete(_pack.Path("task-1/reference/calc.py"));
        _pack.Write("task-1/reference/fix.patch", "--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n");
        var task = Task1;
        await TaskWorkspace.MaterializeAsync(task, Workspace, CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => TaskWorkspace.ApplyReferenceAsync(task, Workspace, CancellationToken.None));

        error.Message.ShouldContain("does not apply");
    }

    [Fact]
    public async Task MaterializeAsync_GitSource_ExportsTheCommitWithoutItsHistory()
    {
        var repository = Path.Combine(_root, "origin");
        Directory.CreateDirectory(repository);
        Git(repository, "init", "--quiet");
        File.WriteAllText(Path.Combine(repository, "calc.py"), "def add(a, b):\n    return abs(a) + abs(b)\n");
        Directory.CreateDirectory(Path.Combine(repository, "tests"));
        File.WriteAllText(Path.Combine(repository, "tests", "__init__.py"), string.Empty);
        Git(repository, "add", "-A");
        Git(repository, "commit", "--quiet", "-m", "start");
        var start = Git(repository, "rev-parse", "HEAD").Trim();
        File.WriteAllText(Path.Combine(repository, "calc.py"), "later\n");
        Git(repository, "commit", "--quiet", "-am", "later");
        Directory.Delete(_pack.Path("task-1/repo"), recursive: true);
        _pack.Edit("task-1/task.yaml", "verify:", $"git:\n  url: {repository}\n  commit: {start}\nverify:");
        var task = Task1;

        await TaskWorkspace.MaterializeAsync(task, Workspace, CancellationToken.None);

        task.Git.ShouldBe(new GitSource(repository, start));
        File.ReadAllText(Path.Combine(Workspace, "calc.py")).ShouldContain("abs(a)");
        File.Exists(Path.Combine(Workspace, "tests", "__init__.py")).ShouldBeTrue();
        Directory.Exists(Path.Combine(Workspace, ".git")).ShouldBeFalse();
    }

    [Fact]
    public async Task MaterializeAsync_GitCommitThatDoesNotExist_NamesTheTaskFile()
    {
        var repository = Path.Combine(_root, "origin");
        Directory.CreateDirectory(repository);
        Git(repository, "init", "--quiet");
        File.WriteAllText(Path.Combine(repository, "a.txt"), "a\n");
        Git(repository, "add", "-A");
        Git(repository, "commit", "--quiet", "-m", "start");
        Directory.Delete(_pack.Path("task-1/repo"), recursive: true);
        _pack.Edit("task-1/task.yaml", "verify:", $"git:\n  url: {repository}\n  commit: 0123456789abcdef0123456789abcdef01234567\nverify:");

        var error = await Should.ThrowAsync<SuiteFormatException>(() => TaskWorkspace.MaterializeAsync(Task1, Workspace, CancellationToken.None));

        error.File.ShouldBe(_pack.Path("task-1/task.yaml"));
        error.Key.ShouldBe("git");
    }

    private static string Git(string directory, params string[] arguments) => TestGit.Run(directory, arguments);
}
