using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests;

public sealed class SandboxRunCommandToolTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private ToolContext Context(SandboxKind kind = SandboxKind.Bubblewrap) =>
        new(new WorkspaceRoot(_ws.Workspace))
        {
            Commands = new SandboxCommandRunner(SandboxFactory.Create(new SandboxOptions { Kind = kind }), _ws.Workspace),
        };

    private static ToolSet Tools(bool network = false) => new([new RunCommandTool(network)]);

    [Fact]
    public async Task RunCommand_Succeeds_ReturnsOutputAndExitCode()
    {
        var result = await Tools().InvokeAsync(new ToolCall("run_command", """{"command":"echo hello > greeting.txt && cat greeting.txt"}"""), Context(), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.ExitCode.ShouldBe(0);
        result.Text.ShouldBe("exit code: 0\n--- stdout ---\nhello\n");
        File.ReadAllText(Path.Combine(_ws.Workspace, "greeting.txt")).ShouldBe("hello\n");
    }

    [Fact]
    public async Task RunCommand_NonZeroExit_IsAnErrorResultWithStderr()
    {
        var result = await Tools().InvokeAsync(new ToolCall("run_command", """{"command":"echo broken >&2; exit 3"}"""), Context(), CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.ExitCode.ShouldBe(3);
        result.Text.ShouldBe("exit code: 3\n--- stderr ---\nbroken\n");
    }

    [Fact]
    public async Task RunCommand_PastItsTimeout_IsKilledAndSaysSo()
    {
        var result = await Tools().InvokeAsync(new ToolCall("run_command", """{"command":"while :; do :; done","timeout_s":1}"""), Context(), CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.ExitCode.ShouldBe(124);
        result.Text.ShouldContain("killed: the command ran past its");
        result.Text.ShouldContain("exit code: 124");
    }

    [Fact]
    public async Task RunCommand_TimeoutAboveMaximum_IsRejectedBeforeRunning()
    {
        var result = await Tools().InvokeAsync(new ToolCall("run_command", """{"command":"touch ran.txt","timeout_s":601}"""), Context(), CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("'timeout_s' must be at most 600");
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunCommand_WithoutSandbox_WarnsInEveryResult()
    {
        var result = await Tools().InvokeAsync(new ToolCall("run_command", """{"command":"pwd"}"""), Context(SandboxKind.None), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("WARNING: sandbox 'none'");
        result.Text.ShouldContain(_ws.Workspace);
    }

    [Fact]
    public void Definition_DescribesArgumentsForTheModel()
    {
        var definition = new RunCommandTool().Definition;

        definition.Name.ShouldBe("run_command");
        definition.Description.ShouldContain("there is no network");
        var properties = definition.InputSchema["properties"]!.AsObject();
        properties.Select(p => p.Key).ShouldBe(["command", "timeout_s"]);
        properties["timeout_s"]!["maximum"]!.GetValue<double>().ShouldBe(600);
        definition.InputSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["command"]);
    }
}
