using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Testing;

namespace Leviathan.Tools.Tests;

public sealed class PolicyOverrideTests : IDisposable
{
    private readonly TempDirectory _workspace = new("policy-override");

    public void Dispose() => _workspace.Dispose();

    private static ToolCall Run(string command) => new("run_command", System.Text.Json.JsonSerializer.Serialize(new { command }));

    private void WriteWorkspacePolicy(string yaml)
    {
        Directory.CreateDirectory(_workspace.Combine(".leviathan"));
        File.WriteAllText(_workspace.Combine(".leviathan", "policy.yaml"), yaml);
    }

    [Fact]
    public void WorkspacePolicy_DisablingADefaultRule_IsRefusedAndReported()
    {
        WriteWorkspacePolicy("disable: [network-tools-offline]\n");

        var policy = PolicySet.Load(_workspace.Path);
        var decision = policy.Evaluate(new PolicyRequest(Run("curl http://localhost:8080"), _workspace.Path, Network: false));

        decision.Action.ShouldBe(PolicyAction.Deny);
        decision.RuleId.ShouldBe("network-tools-offline");
        policy.Warnings.ShouldHaveSingleItem().ShouldContain("disable 'network-tools-offline': a workspace policy cannot remove rules");
    }

    [Fact]
    public void UserPolicy_InConfigYaml_MayWiden()
    {
        var config = _workspace.Combine("config.yaml");
        File.WriteAllText(config, "store:\n  provider: sqlite\npolicy:\n  disable: [network-tools-offline]\n");

        var policy = PolicySet.Load(_workspace.Path, userConfigFile: config);

        policy.Evaluate(new PolicyRequest(Run("curl http://localhost:8080"), _workspace.Path, Network: false)).Action.ShouldBe(PolicyAction.Allow);
        policy.Layers.ShouldHaveSingleItem().Kind.ShouldBe(PolicyLayerKind.User);
        policy.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void WorkspacePolicy_DefaultAllowAndEveryRuleDisabled_LeavesThePolicyUnchangedAndWarns()
    {
        var everything = string.Join(", ", PolicySet.Defaults().RuleIds);
        WriteWorkspacePolicy($"default: allow\ndisable: [{everything}]\nrules:\n  - id: all-fine\n    action: allow\n  - id: mkfs\n    action: allow\n");

        var policy = PolicySet.Load(_workspace.Path);

        policy.RuleIds.ShouldBe(PolicySet.Defaults().RuleIds);
        policy.DefaultAction.ShouldBe(PolicyAction.Allow);
        policy.Evaluate(new PolicyRequest(Run("mkfs.ext4 /dev/sda"), _workspace.Path, Network: false)).RuleId.ShouldBe("mkfs");
        policy.Evaluate(new PolicyRequest(Run("env"), _workspace.Path, Network: false)).Action.ShouldBe(PolicyAction.Deny);
        policy.Warnings.Count.ShouldBe(PolicySet.Defaults().RuleIds.Count + 2);
        policy.Warnings.ShouldAllBe(w => w.Contains("not applied"));
        var layer = policy.Layers.ShouldHaveSingleItem();
        layer.Kind.ShouldBe(PolicyLayerKind.Workspace);
        layer.Applied.ShouldBeEmpty();
        policy.ToJson()["warnings"]!.AsArray().Count.ShouldBe(policy.Warnings.Count);
    }

    [Fact]
    public void WorkspacePolicy_StricterDefaultAndLooserReplacement_OnlyTheTighteningApplies()
    {
        WriteWorkspacePolicy("default: confirm\nrules:\n  - id: mkfs\n    action: confirm\n    reason: fine\n  - id: destructive-git\n    action: deny\n    reason: never here\n");

        var policy = PolicySet.Load(_workspace.Path);

        policy.DefaultAction.ShouldBe(PolicyAction.Confirm);
        policy.Evaluate(new PolicyRequest(Run("mkfs.ext4 /dev/sda"), _workspace.Path, false)).Action.ShouldBe(PolicyAction.Deny);
        policy.Evaluate(new PolicyRequest(Run("git reset --hard"), _workspace.Path, false)).Action.ShouldBe(PolicyAction.Deny);
        policy.Warnings.ShouldHaveSingleItem().ShouldContain("rule 'mkfs' (confirm): it would loosen");
    }

    [Fact]
    public void WorkspacePolicy_SymlinkedToAHostFile_IsRefusedNotRead()
    {
        Directory.CreateDirectory(_workspace.Combine(".leviathan"));
        File.CreateSymbolicLink(_workspace.Combine(".leviathan", "policy.yaml"), "/etc/shadow");

        var policy = PolicySet.Load(_workspace.Path);

        policy.RuleIds.ShouldBe(PolicySet.Defaults().RuleIds);
        policy.Warnings.ShouldHaveSingleItem().ShouldContain("not read through links");
        policy.Warnings[0].ShouldNotContain("root:");
    }

    [Fact]
    public void WorkspacePolicy_FolderSymlinkedOutside_IsRefusedNotRead()
    {
        using var outside = new TempDirectory("policy-outside");
        File.WriteAllText(outside.Combine("policy.yaml"), "default: deny\n");
        File.CreateSymbolicLink(_workspace.Combine(".leviathan"), outside.Path);

        var policy = PolicySet.Load(_workspace.Path);

        policy.DefaultAction.ShouldBe(PolicyAction.Allow);
        policy.Warnings.ShouldHaveSingleItem().ShouldContain("not read through links");
    }

    [Fact]
    public async Task WorkspacePolicy_WrittenDuringARun_DoesNotChangeTheGate()
    {
        var gate = new PolicyGate(PolicySet.Load(_workspace.Path), new RefusingApprover());
        (await gate.CheckAsync(Run("env"), _workspace.Path, network: false, CancellationToken.None)).Allowed.ShouldBeFalse();

        WriteWorkspacePolicy("default: allow\ndisable: [dump-environment]\n");

        var verdict = await gate.CheckAsync(Run("env"), _workspace.Path, network: false, CancellationToken.None);
        verdict.Allowed.ShouldBeFalse();
        verdict.Decision.RuleId.ShouldBe("dump-environment");
        gate.Policy.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void WorkspacePolicy_ReplacesADefaultRuleById()
    {
        WriteWorkspacePolicy("""
            rules:
              - id: destructive-git
                action: deny
                tools: [run_command]
                command: ['\bgit\s+push\b']
                reason: Nobody pushes from this workspace.
            """);

        var decision = PolicySet.Load(_workspace.Path).Evaluate(new PolicyRequest(Run("git push origin main"), _workspace.Path, Network: true));

        decision.Action.ShouldBe(PolicyAction.Deny);
        decision.RuleId.ShouldBe("destructive-git");
        decision.Reason.ShouldBe("Nobody pushes from this workspace.");
        decision.Source.ShouldBe(_workspace.Combine(".leviathan", "policy.yaml"));
    }

    [Fact]
    public void RunPolicy_NewRuleComesFirst_StricterWorkspaceRuleStillWins()
    {
        WriteWorkspacePolicy("""
            rules:
              - id: no-make
                action: deny
                tools: [run_command]
                command: ['\bmake\b']
                reason: use the build script
            """);
        var runFile = _workspace.Combine("run-policy.yaml");
        File.WriteAllText(runFile, """
            rules:
              - id: confirm-every-command
                action: confirm
                tools: [run_command]
                reason: this run confirms every command
            """);

        var policy = PolicySet.Load(_workspace.Path, runFile);
        var decision = policy.Evaluate(new PolicyRequest(Run("make"), _workspace.Path, Network: false));

        decision.RuleId.ShouldBe("no-make");
        decision.Action.ShouldBe(PolicyAction.Deny);
        policy.Evaluate(new PolicyRequest(Run("ls"), _workspace.Path, Network: false)).RuleId.ShouldBe("confirm-every-command");
        policy.RuleIds[0].ShouldBe("confirm-every-command");
        policy.RuleIds[^1].ShouldBe("no-make");
    }

    [Fact]
    public void Policy_DefaultActionCanBeDeny()
    {
        var policy = PolicySet.Defaults().With("""
            default: deny
            rules:
              - id: reading-is-fine
                action: allow
                tools: [read_file, list_files]
            """, "strict.yaml");

        policy.Evaluate(new PolicyRequest(new ToolCall("read_file", """{"path":"a.txt"}"""), _workspace.Path, false)).Action.ShouldBe(PolicyAction.Allow);
        var denied = policy.Evaluate(new PolicyRequest(new ToolCall("write_file", """{"path":"a.txt","content":""}"""), _workspace.Path, false));
        denied.Action.ShouldBe(PolicyAction.Deny);
        denied.RuleId.ShouldBe("default");
        denied.Source.ShouldBe("strict.yaml");
    }

    [Theory]
    [InlineData("rules:\n  - id: x\n    action: maybe\n    reason: r\n", "must be allow, deny or confirm, not 'maybe'")]
    [InlineData("rules:\n  - id: x\n    action: deny\n", "needs a 'reason'")]
    [InlineData("rules:\n  - id: x\n    action: deny\n    reason: r\n    command: ['(unclosed']\n", "is not a valid regular expression")]
    [InlineData("rules:\n  - id: x\n    action: deny\n    reason: r\n    check: reads_minds\n", "unknown check 'reads_minds'")]
    [InlineData("disable: [no-such-rule]\n", "names the rule 'no-such-rule', which does not exist")]
    [InlineData("rules:\n  - id: x\n    acton: deny\n", "line 3")]
    public void InvalidPolicy_FailsWithAClearMessage(string yaml, string expected)
    {
        var ex = Should.Throw<PolicyException>(() => PolicySet.Defaults().With(yaml, "bad.yaml"));

        ex.Message.ShouldStartWith("bad.yaml");
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void RunPolicy_MissingFile_FailsNamingIt()
    {
        var ex = Should.Throw<PolicyException>(() => PolicySet.Load(_workspace.Path, _workspace.Combine("nope.yaml")));

        ex.Message.ShouldContain("nope.yaml");
        ex.Message.ShouldContain("does not exist");
    }
}
