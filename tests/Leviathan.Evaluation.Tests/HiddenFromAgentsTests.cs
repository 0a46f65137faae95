using Leviathan.Evaluation.Suites;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Tests;

/// <summary>An attempt's sandbox cannot read the pack it came from: no hidden test, no reference fix.</summary>
public sealed class HiddenFromAgentsTests : IDisposable
{
    private readonly string _root = TestPaths.NewWorkspaceRoot();

    public void Dispose() => TestPaths.DeleteQuietly(_root);

    [Fact]
    public async Task RunAsync_SuitePathsHidden_AgentCannotReadHiddenTestsOrReferenceFix()
    {
        var suite = SuiteLoader.Load(TestPaths.PythonBugs);
        var task = suite.Find("pagination-last-page").ShouldNotBeNull();
        var workspace = Path.Combine(_root, "ws");
        await TaskWorkspace.MaterializeAsync(task, workspace, CancellationToken.None);
        var hiddenTest = Path.Combine(task.HiddenDirectory!, "tests", "test_last_page.py");
        var referenceFix = Path.Combine(task.ReferenceDirectory!, "pager", "paging.py");
        var probe = new SandboxRequest(workspace, ["/bin/sh", "-c", $"cat '{hiddenTest}' '{referenceFix}'; ls -A '{suite.Directory}'"]);

        var hidden = await SandboxFactory.Create(new SandboxOptions { HiddenPaths = suite.PathsHiddenFromAgents }).RunAsync(probe, CancellationToken.None);

        hidden.Stdout.ShouldNotContain("test_partial_last_page_is_counted");
        hidden.Stdout.ShouldNotContain("-(-total // per_page)");
        hidden.Stdout.ShouldBeEmpty();
        if (!suite.Directory.StartsWith("/tmp/", StringComparison.Ordinal) && !suite.Directory.StartsWith("/var/tmp/", StringComparison.Ordinal))
        {
            // Without the hidden paths the read-only view of the host shows them: the option is what keeps them out.
            var exposed = await SandboxFactory.Create(new SandboxOptions()).RunAsync(probe, CancellationToken.None);
            exposed.Stdout.ShouldContain("test_partial_last_page_is_counted");
        }
    }
}
