using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// Runs a task's judge in a workspace: each fail-to-pass and pass-to-pass test on its own, through a command
/// runner (the sandbox), its exit status deciding. One process per test keeps the verdict independent of any
/// test runner's output format, and a test that hangs or crashes costs only itself.
/// </summary>
public sealed class TaskJudge
{
    private const int OutputTail = 4000;

    private readonly ICommandRunner _runner;
    private readonly string _workspace;

    /// <param name="runner">Runs each test command (a <see cref="SandboxCommandRunner"/> for real judgements).</param>
    /// <param name="workspace">The absolute workspace, with the hidden tests already in place.</param>
    public TaskJudge(ICommandRunner runner, string workspace)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        _runner = runner;
        _workspace = Path.GetFullPath(workspace);
    }

    /// <summary>A judge whose tests run in a sandbox, with the workspace as the only writable place.</summary>
    public static TaskJudge InSandbox(ISandbox sandbox, string workspace, SandboxLimits? limits = null) =>
        new(new SandboxCommandRunner(sandbox, Path.GetFullPath(workspace), limits), workspace);

    /// <summary>Runs every judge test of the task and reports which passed.</summary>
    public async Task<JudgeReport> JudgeAsync(SoftwareTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var tests = new List<JudgedTest>();
        foreach (var (kind, ids) in new[] { (JudgeTestKind.FailToPass, task.Judge.FailToPass), (JudgeTestKind.PassToPass, task.Judge.PassToPass) })
        {
            foreach (var id in ids)
            {
                tests.Add(await RunAsync(task.Judge, id, kind, cancellationToken).ConfigureAwait(false));
            }
        }

        return new JudgeReport(task.Id, tests);
    }

    private async Task<JudgedTest> RunAsync(JudgeSpec judge, string id, JudgeTestKind kind, CancellationToken cancellationToken)
    {
        var request = new CommandRequest(["/bin/sh", "-c", judge.CommandFor(id)], _workspace, judge.Timeout);
        var result = await _runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var output = result.Stdout + result.Stderr + (result.Notice is { } notice ? "\n" + notice : string.Empty);
        if (output.Length > OutputTail)
        {
            output = "…" + output[^OutputTail..];
        }

        var passed = result.ExitCode == 0 && !result.TimedOut;
        return new JudgedTest(id, kind, passed, result.ExitCode, result.TimedOut, result.Duration, output);
    }
}
