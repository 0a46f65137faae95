using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Suites;
using Leviathan.Evaluation.SweBench;
using Leviathan.Persistence.Blobs;
using Leviathan.Testing;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Tests;

/// <summary>
/// SWE-bench interop on an instance file made here from a local git repository: the import gives a pack whose hidden
/// tests fail on the base commit and pass with the gold patch (in the real sandbox), and the export gives predictions
/// with the same instance ids and the runs' patches.
/// </summary>
public sealed class SweBenchRoundTripTests : IDisposable
{
    private const string Buggy = "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n";
    private const string Fixed = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n";
    private const string VisibleTest = "import unittest\n\nfrom calc.ops import sub\n\n\nclass SubTests(unittest.TestCase):\n    def test_sub(self):\n        self.assertEqual(sub(5, 3), 2)\n";
    private const string HiddenTest = "import unittest\n\nfrom calc.ops import add\n\n\nclass AddTests(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n";

    private readonly TempDirectory _temp = new("leviathan-swebench");
    private readonly string _workspaces = TestPaths.NewWorkspaceRoot();

    [Fact]
    public async Task ImportThenExport_LocalInstance_JudgesLikeSweBenchAndRoundTripsTheInstanceId()
    {
        var (instances, repos) = MakeInstanceFile();
        var suiteDir = _temp.Combine("suite");

        var report = await SweBenchImporter.ImportAsync(
            new SweBenchImportOptions { InstancesFile = instances, ReposDirectory = repos, OutDirectory = suiteDir, JudgeCommand = "python3 -B -m unittest {test}", VerifyCommand = "python3 -B -m unittest discover -s tests -t ." },
            CancellationToken.None);

        report.Imported.ShouldBe(["local__calc-1"]);
        report.Skipped.Select(s => s.InstanceId).ShouldBe(["local__calc-2"]);
        report.Skipped[0].Reason.ShouldContain("no local clone of local/missing");
        var suite = SuiteLoader.Load(suiteDir);
        var task = suite.Tasks.ShouldHaveSingleItem();
        task.Goal.ShouldContain("add() subtracts");
        task.Git.ShouldNotBeNull().Commit.Length.ShouldBe(40);
        task.Judge.FailToPass.ShouldBe(["tests.test_add.AddTests.test_add"]);
        task.Judge.PassToPass.ShouldBe(["tests.test_ops.SubTests.test_sub"]);
        File.ReadAllText(Path.Combine(task.HiddenDirectory!, "tests", "test_add.py")).ShouldBe(HiddenTest);

        var sandbox = SandboxFactory.Create(new SandboxOptions { HiddenPaths = suite.PathsHiddenFromAgents });
        var before = Path.Combine(_workspaces, "before");
        var after = Path.Combine(_workspaces, "after");
        foreach (var workspace in new[] { before, after })
        {
            await TaskWorkspace.MaterializeAsync(task, workspace, CancellationToken.None);
            File.Exists(Path.Combine(workspace, "tests", "test_add.py")).ShouldBeFalse("the test patch's files are hidden until the judge");
            TaskWorkspace.AddHiddenTests(task, workspace);
        }

        await TaskWorkspace.ApplyReferenceAsync(task, after, CancellationToken.None);
        (await TaskJudge.InSandbox(sandbox, before).JudgeAsync(task, CancellationToken.None)).Resolved.ShouldBeFalse();
        (await TaskJudge.InSandbox(sandbox, after).JudgeAsync(task, CancellationToken.None)).Resolved.ShouldBeTrue();

        // Export: a finished evaluation whose run left the gold patch as its run.patch artifact.
        var blobs = new BlobStore(_temp.Combine("blobs"));
        var gold = File.ReadAllText(Path.Combine(suiteDir, "local__calc-1", "reference", SuiteLoader.ReferencePatchFile));
        var (sha, _) = await blobs.PutAsync(System.Text.Encoding.UTF8.GetBytes(gold));
        var evaluation = _temp.Combine("evaluation");
        using (var results = ResultsFile.OpenForAppend(evaluation))
        {
            results.Append(new AttemptResult { Task = "local__calc-1", Configuration = "default", Repeat = 1, RunId = Guid.CreateVersion7(), Status = "succeeded", Judged = true, FailureCategory = "none", PatchSha256 = sha });
        }

        var predictions = _temp.Combine("predictions.jsonl");
        PredictionExporter.Export(evaluation, blobs, predictions, null, 1, "leviathan-test").ShouldBe((1, 1));

        var line = JsonNode.Parse(File.ReadAllLines(predictions).ShouldHaveSingleItem())!.AsObject();
        line["instance_id"]!.GetValue<string>().ShouldBe("local__calc-1");
        line["model_name_or_path"]!.GetValue<string>().ShouldBe("leviathan-test");
        line["model_patch"]!.GetValue<string>().ShouldBe(gold);
    }

    public void Dispose()
    {
        _temp.Dispose();
        TestPaths.DeleteQuietly(_workspaces);
    }

    private (string Instances, string Repos) MakeInstanceFile()
    {
        var repos = _temp.Combine("repos");
        var clone = Path.Combine(repos, "local__calc");
        Directory.CreateDirectory(Path.Combine(clone, "calc"));
        Directory.CreateDirectory(Path.Combine(clone, "tests"));
        File.WriteAllText(Path.Combine(clone, "calc", "__init__.py"), string.Empty);
        File.WriteAllText(Path.Combine(clone, "calc", "ops.py"), Buggy);
        File.WriteAllText(Path.Combine(clone, "tests", "__init__.py"), string.Empty);
        File.WriteAllText(Path.Combine(clone, "tests", "test_ops.py"), VisibleTest);
        TestGit.Run(clone, "init", "-q");
        TestGit.Run(clone, "add", "-A");
        TestGit.Run(clone, "commit", "-q", "-m", "calc");
        var baseCommit = TestGit.Run(clone, "rev-parse", "HEAD").Trim();

        File.WriteAllText(Path.Combine(clone, "tests", "test_add.py"), HiddenTest);
        TestGit.Run(clone, "add", "-A");
        var testPatch = TestGit.Run(clone, "diff", "--cached", baseCommit);
        TestGit.Run(clone, "reset", "-q", "--hard", baseCommit);
        File.WriteAllText(Path.Combine(clone, "calc", "ops.py"), Fixed);
        var goldPatch = TestGit.Run(clone, "diff", baseCommit);
        TestGit.Run(clone, "checkout", "-q", "--", ".");

        var instances = _temp.Combine("instances.jsonl");
        File.WriteAllLines(instances,
        [
            Instance("local__calc-1", "local/calc", baseCommit, testPatch, goldPatch),
            Instance("local__calc-2", "local/missing", baseCommit, testPatch, goldPatch),
        ]);
        return (instances, repos);
    }

    private static string Instance(string id, string repo, string baseCommit, string testPatch, string goldPatch) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["instance_id"] = id,
        ["repo"] = repo,
        ["base_commit"] = baseCommit,
        ["problem_statement"] = "add() subtracts: add(2, 3) returns -1 instead of 5.",
        ["test_patch"] = testPatch,
        ["patch"] = goldPatch,
        // As in the published dataset: the lists are text holding JSON arrays.
        ["FAIL_TO_PASS"] = "[\"tests.test_add.AddTests.test_add\"]",
        ["PASS_TO_PASS"] = new[] { "tests.test_ops.SubTests.test_sub" },
    });
}
