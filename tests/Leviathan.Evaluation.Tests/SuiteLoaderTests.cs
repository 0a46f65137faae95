using Leviathan.Evaluation.Suites;
using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

public sealed class SuiteLoaderTests : IDisposable
{
    private readonly PackBuilder _pack = new();

    public void Dispose() => _pack.Dispose();

    private SuiteFormatException Refused() => Should.Throw<SuiteFormatException>(() => SuiteLoader.Load(_pack.Root));

    [Fact]
    public void Load_ValidPack_AppliesSuiteDefaultsAndFindsTheFolders()
    {
        _pack.Edit("task-1/task.yaml", "verify:", "budget:\n  steps: 5\nverify:");

        var suite = SuiteLoader.Load(_pack.Path("suite.yaml"));

        suite.Id.ShouldBe("tiny");
        suite.Title.ShouldBe("Tiny suite");
        var task = suite.Tasks.ShouldHaveSingleItem();
        task.Id.ShouldBe("task-1");
        task.Goal.ShouldBe("add() returns the wrong sum for negative numbers.");
        task.TimeLimit.ShouldBe(TimeSpan.FromMinutes(10));
        task.Budget.ShouldBe(new TaskBudget(1000, 0.5m, 5));
        task.Judge.Command.ShouldBe("python3 -B -m unittest {test}");
        task.Judge.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        task.Judge.FailToPass.ShouldBe(["tests.test_hidden.HiddenTests.test_negative"]);
        task.Judge.PassToPass.ShouldBe(["tests.test_calc.CalcTests.test_positive"]);
        task.RepoDirectory.ShouldBe(_pack.Path("task-1/repo"));
        task.HiddenDirectory.ShouldBe(_pack.Path("task-1/hidden"));
        task.ReferenceDirectory.ShouldBe(_pack.Path("task-1/reference"));
        task.Budget.ToRunBudget(task.TimeLimit).MaxWallTime.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Load_ShippedPythonBugs_HasAtLeastTwelveCompleteTasks()
    {
        var suite = SuiteLoader.Load(TestPaths.PythonBugs);

        suite.Id.ShouldBe("python-bugs");
        suite.Tasks.Count.ShouldBeGreaterThanOrEqualTo(12);
        foreach (var task in suite.Tasks)
        {
            task.Id.ShouldBe(Path.GetFileName(task.Directory));
            task.HiddenDirectory.ShouldNotBeNull(task.Id);
            task.HasReference.ShouldBeTrue(task.Id);
            task.Judge.FailToPass.ShouldNotBeEmpty(task.Id);
            task.Judge.PassToPass.ShouldNotBeEmpty(task.Id);
            Directory.EnumerateFiles(task.RepoDirectory!, "*.py", SearchOption.AllDirectories)
                .Count(f => !f.Contains("/tests/", StringComparison.Ordinal) && !f.EndsWith("__init__.py", StringComparison.Ordinal))
                .ShouldBeGreaterThanOrEqualTo(2, $"{task.Id} should be a multi-file package");
        }
    }

    [Fact]
    public void Load_UnknownKeyInJudge_NamesTheKeyTheFileAndTheNearestKey()
    {
        _pack.Edit("task-1/task.yaml", "  fail_to_pass:", "  fail_to_pas:");

        var error = Refused();

        error.File.ShouldBe(_pack.Path("task-1/task.yaml"));
        error.Key.ShouldBe("judge.fail_to_pas");
        error.Message.ShouldContain("did you mean 'judge.fail_to_pass'?");
    }

    [Fact]
    public void Load_UnknownTopLevelKey_SuggestsTheNearest()
    {
        _pack.Edit("task-1/task.yaml", "verify:", "verfy:");

        var error = Refused();

        error.Key.ShouldBe("verfy");
        error.Message.ShouldContain("did you mean 'verify'?");
    }

    [Fact]
    public void Load_UnknownKeyFarFromAny_ListsTheValidKeys()
    {
        _pack.Edit("suite.yaml", "title:", "maintainer: me\ntitle:");

        var error = Refused();

        error.File.ShouldBe(_pack.Path("suite.yaml"));
        error.Key.ShouldBe("maintainer");
        error.Message.ShouldContain("the keys here are id, title, description");
    }

    [Fact]
    public void Load_MissingRepoFolder_IsRefused()
    {
        Directory.Delete(_pack.Path("task-1/repo"), recursive: true);

        var error = Refused();

        error.File.ShouldBe(_pack.Path("task-1/repo"));
        error.Message.ShouldContain("no starting files");
    }

    [Fact]
    public void Load_EmptyGoal_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "goal: |\n  add() returns the wrong sum for negative numbers.", "goal: \"  \"");

        var error = Refused();

        error.Key.ShouldBe("goal");
        error.Problem.ShouldBe("is empty");
    }

    [Fact]
    public void Load_JudgeWithoutFailToPassTests_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "  fail_to_pass:\n    - tests.test_hidden.HiddenTests.test_negative", "  fail_to_pass: []");

        var error = Refused();

        error.Key.ShouldBe("judge.fail_to_pass");
        error.Message.ShouldContain("no tests");
    }

    [Fact]
    public void Load_TaskWithoutJudge_IsRefused()
    {
        _pack.Write("task-1/task.yaml", "id: task-1\ngoal: fix it\nverify: make test\n");

        Refused().Key.ShouldBe("judge");
    }

    [Fact]
    public void Load_JudgeCommandWithoutPlaceholder_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "judge:\n", "judge:\n  command: python3 -m unittest\n");

        var error = Refused();

        error.Key.ShouldBe("judge.command");
        error.Message.ShouldContain("{test}");
    }

    [Fact]
    public void Load_TestIdWithShellCharacters_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "    - tests.test_calc.CalcTests.test_positive", "    - \"x; rm -rf /\"");

        Refused().Key.ShouldBe("judge.pass_to_pass");
    }

    [Fact]
    public void Load_SameTestInBothLists_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "    - tests.test_calc.CalcTests.test_positive", "    - tests.test_hidden.HiddenTests.test_negative");

        Refused().Message.ShouldContain("listed twice");
    }

    [Fact]
    public void Load_DuplicateTaskIds_NamesBothFolders()
    {
        _pack.AddTask("task-2", TinyTask.TaskYaml("task-1"));

        var error = Refused();

        error.File.ShouldBe(_pack.Path("task-2/task.yaml"));
        error.Key.ShouldBe("id");
        error.Message.ShouldContain(_pack.Path("task-1"));
    }

    [Fact]
    public void Load_FolderPathLeavingTheSuite_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_pack.Outside, "elsewhere"));
        _pack.Edit("task-1/task.yaml", "verify:", "hidden: ../../elsewhere\nverify:");

        var error = Refused();

        error.Key.ShouldBe("hidden");
        error.Message.ShouldContain("outside the suite folder");
    }

    [Fact]
    public void Load_AbsoluteFolderPath_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "verify:", $"reference: {_pack.Path("task-1/reference")}\nverify:");

        Refused().Message.ShouldContain("absolute path");
    }

    [Fact]
    public void Load_SymbolicLinkInThePack_IsRefused()
    {
        var secret = Path.Combine(_pack.Outside, "secret.txt");
        File.WriteAllText(secret, "not for agents");
        File.CreateSymbolicLink(_pack.Path("task-1/repo/notes.txt"), secret);

        var error = Refused();

        error.File.ShouldBe(_pack.Path("task-1/repo/notes.txt"));
        error.Message.ShouldContain("symbolic link");
    }

    [Fact]
    public void Load_LinkedTaskFolder_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_pack.Outside, "task-x"));
        Directory.CreateSymbolicLink(_pack.Path("task-x"), Path.Combine(_pack.Outside, "task-x"));

        Refused().File.ShouldBe(_pack.Path("task-x"));
    }

    [Fact]
    public void Load_FolderWithoutTaskFile_IsRefused()
    {
        Directory.CreateDirectory(_pack.Path("notes"));

        var error = Refused();

        error.File.ShouldBe(_pack.Path("notes/task.yaml"));
    }

    [Fact]
    public void Load_DotFolder_IsSkipped()
    {
        Directory.CreateDirectory(_pack.Path(".drafts"));

        SuiteLoader.Load(_pack.Root).Tasks.Count.ShouldBe(1);
    }

    [Fact]
    public void Load_GitSourceBesideRepoFolder_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "verify:", $"git:\n  url: {_pack.Outside}\n  commit: 0123456789abcdef\nverify:");

        var error = Refused();

        error.Key.ShouldBe("git");
        error.Message.ShouldContain("keep one");
    }

    [Fact]
    public void Load_RemoteGitUrl_IsRefused()
    {
        Directory.Delete(_pack.Path("task-1/repo"), recursive: true);
        _pack.Edit("task-1/task.yaml", "verify:", "git:\n  url: https://github.com/a/b.git\n  commit: 0123456789abcdef\nverify:");

        Refused().Key.ShouldBe("git.url");
    }

    [Fact]
    public void Load_NegativeBudget_IsRefused()
    {
        _pack.Edit("suite.yaml", "usd: 0.5", "usd: -1");

        var error = Refused();

        error.File.ShouldBe(_pack.Path("suite.yaml"));
        error.Key.ShouldBe("budget.usd");
    }

    [Fact]
    public void Load_InvalidYaml_NamesTheFileAndLine()
    {
        _pack.Write("task-1/task.yaml", "id: task-1\ngoal: [unclosed\n");

        var error = Refused();

        error.File.ShouldBe(_pack.Path("task-1/task.yaml"));
        error.Message.ShouldContain("not valid YAML at line");
    }

    [Fact]
    public void Load_DuplicateKey_IsRefused()
    {
        _pack.Edit("task-1/task.yaml", "verify:", "goal: again\nverify:");

        Refused().Message.ShouldContain("not valid YAML");
    }

    [Fact]
    public void Load_PatchBesideChangedFiles_IsRefused()
    {
        _pack.Write("task-1/reference/fix.patch", "--- a/calc.py\n+++ b/calc.py\n");

        Refused().Key.ShouldBe("reference");
    }

    [Fact]
    public void Load_PatchAlone_IsTheReference()
    {
        File.Delete(_pack.Path("task-1/reference/calc.py"));
        _pack.Write("task-1/reference/fix.patch", "--- a/calc.py\n+++ b/calc.py\n");

        var task = SuiteLoader.Load(_pack.Root).Tasks.Single();

        task.ReferencePatch.ShouldBe(_pack.Path("task-1/reference/fix.patch"));
        task.ReferenceDirectory.ShouldBeNull();
    }

    [Fact]
    public void Load_NoTasks_IsRefused()
    {
        Directory.Delete(_pack.Path("task-1"), recursive: true);

        Refused().Message.ShouldContain("no tasks");
    }

    [Fact]
    public void Load_MissingSuiteFile_IsRefused()
    {
        File.Delete(_pack.Path("suite.yaml"));

        Refused().File.ShouldBe(_pack.Path("suite.yaml"));
    }
}
