using System.Text.RegularExpressions;
using Leviathan.Evaluation.Suites;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Tests;

/// <summary>
/// The shipped python-bugs pack is sound: for every task, in the real bubblewrap sandbox, the visible tests pass
/// on the starting files, every fail-to-pass test fails and every pass-to-pass test passes once the hidden tests
/// are in, and every judge test passes after the reference fix.
/// </summary>
public sealed partial class PythonBugsValidationTests
{
    // Tasks run a few at a time: each judge test is its own short Python process.
    private const int TasksAtOnce = 4;

    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions());

    [Fact]
    public async Task EveryTask_HiddenTestsFailOnStartingFilesAndPassAfterReferenceFix()
    {
        var suite = SuiteLoader.Load(TestPaths.PythonBugs);
        using var gate = new SemaphoreSlim(TasksAtOnce);

        var problems = await Task.WhenAll(suite.Tasks.Select(async task =>
        {
            await gate.WaitAsync();
            try
            {
                return await ValidateAsync(task);
            }
            finally
            {
                gate.Release();
            }
        }));

        problems.SelectMany(p => p).ShouldBeEmpty();
        suite.Tasks.Count.ShouldBeGreaterThanOrEqualTo(12);
    }

    private async Task<List<string>> ValidateAsync(SoftwareTask task)
    {
        var problems = new List<string>();
        var root = TestPaths.NewWorkspaceRoot();
        try
        {
            var before = Path.Combine(root, "before");
            var after = Path.Combine(root, "after");
            await TaskWorkspace.MaterializeAsync(task, before, CancellationToken.None);
            await TaskWorkspace.MaterializeAsync(task, after, CancellationToken.None);

            var verify = await new SandboxCommandRunner(_sandbox, before).RunAsync(
                new CommandRequest(["/bin/sh", "-c", task.Verify], before, TimeSpan.FromSeconds(60)), CancellationToken.None);
            if (verify.ExitCode != 0)
            {
                problems.Add($"{task.Id}: the visible tests ('{task.Verify}') fail on the starting files: {verify.Stderr}");
            }

            TaskWorkspace.AddHiddenTests(task, before);
            TaskWorkspace.AddHiddenTests(task, after);
            await TaskWorkspace.ApplyReferenceAsync(task, after, CancellationToken.None);

            var judged = await Task.WhenAll(
                TaskJudge.InSandbox(_sandbox, before).JudgeAsync(task, CancellationToken.None),
                TaskJudge.InSandbox(_sandbox, after).JudgeAsync(task, CancellationToken.None));
            var (unfixed, fixedReport) = (judged[0], judged[1]);

            problems.AddRange(unfixed.FailToPass.Where(t => t.Passed).Select(t => $"{task.Id}: fail_to_pass {t.TestId} passes on the starting files"));
            // A fail-to-pass test must fail because of the bug, not because the test cannot even be loaded.
            problems.AddRange(unfixed.FailToPass.Where(t => NotLoaded().IsMatch(t.Output))
                .Select(t => $"{task.Id}: fail_to_pass {t.TestId} fails on the starting files by not loading: {t.Output}"));
            problems.AddRange(unfixed.PassToPass.Where(t => !t.Passed).Select(t => $"{task.Id}: pass_to_pass {t.TestId} fails on the starting files: {t.Output}"));
            problems.AddRange(fixedReport.Tests.Where(t => !t.Passed).Select(t => $"{task.Id}: {t.TestId} fails after the reference fix: {t.Output}"));
            if (!fixedReport.Resolved && problems.Count == 0)
            {
                problems.Add($"{task.Id}: not resolved after the reference fix: {fixedReport.Summary}");
            }
        }
        finally
        {
            TestPaths.DeleteQuietly(root);
        }

        return problems;
    }

    [GeneratedRegex("^(ImportError|ModuleNotFoundError): ", RegexOptions.Multiline)]
    private static partial Regex NotLoaded();
}
