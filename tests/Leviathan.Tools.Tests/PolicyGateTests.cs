using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Snapshots;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests;

public sealed class PolicyGateTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static ToolCall Run(string command) => new("run_command", System.Text.Json.JsonSerializer.Serialize(new { command }));

    /// <summary>An approver that records what it was asked and answers as told.</summary>
    private sealed class RecordingApprover(bool answer) : IPolicyApprover
    {
        public List<PolicyApprovalRequest> Asked { get; } = [];

        public string Name => "prompt";

        public Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken)
        {
            Asked.Add(request);
            return Task.FromResult(answer);
        }
    }

    [Fact]
    public async Task Check_Deny_RefusesWithRuleAndReasonForTheModel()
    {
        var gate = new PolicyGate(PolicySet.Defaults(), new ApproveAllApprover());

        var verdict = await gate.CheckAsync(Run("mkfs.ext4 /dev/sda"), _ws.Workspace, network: false, CancellationToken.None);

        verdict.Allowed.ShouldBeFalse();
        verdict.Decision.RuleId.ShouldBe("mkfs");
        verdict.Message.ShouldBe("Refused by policy rule 'mkfs': Creating or wiping file systems is not allowed.");
        verdict.ApprovedBy.ShouldBeNull();
    }

    [Fact]
    public async Task Check_Confirm_AsksTheApproverAndRecordsWhoApproved()
    {
        var approver = new RecordingApprover(answer: true);
        var gate = new PolicyGate(PolicySet.Defaults(), approver);

        var verdict = await gate.CheckAsync(Run("git reset --hard"), _ws.Workspace, network: false, CancellationToken.None);

        verdict.Allowed.ShouldBeTrue();
        verdict.ApprovedBy.ShouldBe("prompt");
        approver.Asked.Single().Decision.RuleId.ShouldBe("destructive-git");
        approver.Asked.Single().Call.ArgumentsJson.ShouldContain("git reset --hard");
    }

    [Fact]
    public async Task Check_ConfirmRefusedByApprover_IsNotRun()
    {
        var gate = new PolicyGate(PolicySet.Defaults(), new RecordingApprover(answer: false));

        var verdict = await gate.CheckAsync(Run("git clean -fdx"), _ws.Workspace, network: false, CancellationToken.None);

        verdict.Allowed.ShouldBeFalse();
        verdict.Message.ShouldStartWith("Not run: policy rule 'destructive-git' needs approval");
    }

    [Fact]
    public async Task Check_NonInteractive_RefusesConfirmRules()
    {
        var gate = new PolicyGate(PolicySet.Defaults(), new RefusingApprover());

        var verdict = await gate.CheckAsync(Run("git push -f"), _ws.Workspace, network: true, CancellationToken.None);

        verdict.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Check_ApproveRule_ApprovesOnlyThatRuleAndAsksTheNextForOthers()
    {
        var prompt = new RecordingApprover(answer: false);
        var policy = PolicySet.Defaults().With("""
            rules:
              - id: confirm-tests
                action: confirm
                tools: [run_command]
                command: ['\bmake\s+test\b']
                reason: tests are slow
            """, "run");
        var gate = new PolicyGate(policy, new ApproveRulesApprover(["destructive-git"], prompt));

        var git = await gate.CheckAsync(Run("git reset --hard"), _ws.Workspace, network: false, CancellationToken.None);
        var make = await gate.CheckAsync(Run("make test"), _ws.Workspace, network: false, CancellationToken.None);

        git.Allowed.ShouldBeTrue();
        git.ApprovedBy.ShouldBe("--approve destructive-git");
        make.Allowed.ShouldBeFalse();
        prompt.Asked.Single().Decision.RuleId.ShouldBe("confirm-tests");
    }

    [Fact]
    public async Task Check_ApproveAll_ApprovesConfirmButNeverDeny()
    {
        var gate = new PolicyGate(PolicySet.Defaults(), new ApproveAllApprover());

        (await gate.CheckAsync(Run("git push --force"), _ws.Workspace, network: true, CancellationToken.None)).ApprovedBy.ShouldBe("--approve-all");
        (await gate.CheckAsync(Run("rm -rf /"), _ws.Workspace, network: true, CancellationToken.None)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Invoker_DeniedCall_NeverRunsAndTellsTheModelWhy()
    {
        var invoker = Invoker(new RefusingApprover(), out var context);

        var gated = await invoker.InvokeAsync(Run("echo ran > ran.txt; rm -rf ."), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeTrue();
        gated.Result.Text.ShouldStartWith("Refused by policy rule 'delete-workspace'");
        gated.Verdict.Decision.RuleId.ShouldBe("delete-workspace");
        gated.SnapshotStep.ShouldBeNull();
        File.Exists(Path.Combine(_ws.Workspace, "ran.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Invoker_AllowedMutatingCall_IsCheckpointedThenRun()
    {
        var invoker = Invoker(new RefusingApprover(), out var context);
        File.WriteAllText(Path.Combine(_ws.Workspace, "a.txt"), "before\n");

        var gated = await invoker.InvokeAsync(Run("echo after > a.txt"), context, CancellationToken.None);

        gated.Result.IsError.ShouldBeFalse(gated.Result.Text);
        gated.Verdict.Decision.RuleId.ShouldBe("default");
        gated.SnapshotStep.ShouldBe(1);
        File.ReadAllText(Path.Combine(_ws.Workspace, "a.txt")).ShouldBe("after\n");
        var diff = await new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_ws.Home, _ws.Workspace)).DiffAsync(1, CancellationToken.None);
        diff.ShouldContain("-before");
        diff.ShouldContain("+after");
    }

    private GatedToolInvoker Invoker(IPolicyApprover approver, out ToolContext context)
    {
        context = new ToolContext(new WorkspaceRoot(_ws.Workspace))
        {
            Commands = new SandboxCommandRunner(SandboxFactory.Create(new SandboxOptions()), _ws.Workspace),
        };
        return new GatedToolInvoker(
            new ToolSet([new RunCommandTool()]),
            new PolicyGate(PolicySet.Load(_ws.Workspace), approver),
            new WorkspaceSnapshotStore(WorkspaceStateFolder.For(_ws.Home, _ws.Workspace)));
    }
}
