using System.Text.Json;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Standard;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests;

/// <summary>A fault in the gate or a tool is a result the model reads; cancellation still cancels.</summary>
public sealed class InvokerFaultTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>An approver that fails, as a broken prompt or a lost terminal would; or waits until cancelled.</summary>
    private sealed class FaultyApprover(bool waitForCancellation) : IPolicyApprover
    {
        public string Name => "faulty";

        public async Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken)
        {
            if (waitForCancellation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw new InvalidOperationException("the terminal went away");
        }
    }

    private GatedToolInvoker Invoker(IPolicyApprover approver, out ToolContext context)
    {
        context = new ToolContext(new WorkspaceRoot(_ws.Workspace))
        {
            Commands = new SandboxCommandRunner(SandboxFactory.Create(new SandboxOptions()), _ws.Workspace),
        };
        return new GatedToolInvoker(new ToolSet([new RunCommandTool(), .. StandardTools.Create()]), new PolicyGate(PolicySet.Defaults(), approver), snapshots: null);
    }

    private static ToolCall Call(string tool, object arguments) => new(tool, JsonSerializer.Serialize(arguments));

    [Fact]
    public async Task Invoke_GateThrows_ErrorResultNamesTheFaultAndNothingRuns()
    {
        var invoker = Invoker(new FaultyApprover(waitForCancellation: false), out var context);

        var gated = await invoker.InvokeAsync(Call("run_command", new { command = "touch ran.txt; git reset --hard" }), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeTrue();
        gated.Result.Text.ShouldBe("Not run: the policy gate could not judge this run_command call (InvalidOperationException: the terminal went away). Check its arguments and call again.");
        gated.Verdict.Allowed.ShouldBeFalse();
        gated.Verdict.Decision.RuleId.ShouldBe("gate-error");
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Invoke_GateCancelled_CancellationEscapes()
    {
        var invoker = Invoker(new FaultyApprover(waitForCancellation: true), out var context);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(
            () => invoker.InvokeAsync(Call("run_command", new { command = "git reset --hard" }), context, cts.Token));
    }

    [Theory]
    [InlineData("read_file", "a.txt\u0000", "The path \"a.txt\\u0000\" of read_file contains a NUL character (\\u0000) at position 5; a file name cannot contain it. Remove it and call read_file again.")]
    public async Task Invoke_InvalidCharacterInPath_ErrorResultTheModelCanFix(string tool, string path, string expected)
    {
        var invoker = Invoker(new RefusingApprover(), out var context);

        var gated = await invoker.InvokeAsync(Call(tool, new { path, content = "x" }), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeTrue();
        gated.Result.Text.ShouldBe(expected);
        gated.Verdict.Decision.RuleId.ShouldBe("invalid-argument");
        Directory.EnumerateFileSystemEntries(_ws.Workspace).ShouldBeEmpty();
    }

    [Fact]
    public async Task Invoke_UnpairedSurrogateEscapeInPath_ErrorResultTheModelCanFix()
    {
        var invoker = Invoker(new RefusingApprover(), out var context);

        var gated = await invoker.InvokeAsync(new ToolCall("write_file", "{\"path\": \"b\\ud800.txt\", \"content\": \"x\"}"), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeTrue();
        gated.Result.Text.ShouldStartWith("The arguments of write_file hold a string that is not valid text (");
        gated.Result.Text.ShouldEndWith("Remove it and call write_file again.");
        Directory.EnumerateFileSystemEntries(_ws.Workspace).ShouldBeEmpty();
    }

    [Fact]
    public async Task Invoke_NulInCommand_ErrorResultInsteadOfRunningTheCutCommand()
    {
        var invoker = Invoker(new RefusingApprover(), out var context);

        var gated = await invoker.InvokeAsync(Call("run_command", new { command = "touch ran.txt\u0000; echo judged" }), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeTrue();
        gated.Result.Text.ShouldStartWith("The command of run_command contains a NUL character (\\u0000) at position 13");
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse();
    }
}
