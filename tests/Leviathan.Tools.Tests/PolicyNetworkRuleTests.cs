using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;

namespace Leviathan.Tools.Tests;

/// <summary>The built-in confirm rule <c>network-on</c>: a run given the network holds every command for approval.</summary>
public sealed class PolicyNetworkRuleTests : IDisposable
{
    private readonly SandboxTestWorkspace _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task CheckAsync_CommandWithTheNetwork_NeedsTheNetworkOnRuleApproved()
    {
        var call = new ToolCall("run_command", """{"command":"npm install left-pad"}""");
        var refusing = new PolicyGate(PolicySet.Defaults(), new RefusingApprover());
        var approving = new PolicyGate(PolicySet.Defaults(), new ApproveRulesApprover(["network-on"], new RefusingApprover()));

        var held = await refusing.CheckAsync(call, _root.Workspace, network: true, CancellationToken.None);
        var approved = await approving.CheckAsync(call, _root.Workspace, network: true, CancellationToken.None);
        var offline = await refusing.CheckAsync(new ToolCall("run_command", """{"command":"ls"}"""), _root.Workspace, network: false, CancellationToken.None);

        held.Allowed.ShouldBeFalse();
        held.Decision.RuleId.ShouldBe("network-on");
        held.Decision.Action.ShouldBe(PolicyAction.Confirm);
        approved.Allowed.ShouldBeTrue();
        approved.ApprovedBy.ShouldNotBeNull();
        offline.Allowed.ShouldBeTrue();
        offline.Decision.RuleId.ShouldNotBe("network-on");
    }
}
