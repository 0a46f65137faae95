using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Every tool call passes here before it runs: the policy decides allow, deny or confirm, and a
/// confirm goes to the approver. The verdict names the rule so that the caller can record it.
/// </summary>
public sealed class PolicyGate
{
    private readonly PolicySet _policy;
    private readonly IPolicyApprover _approver;

    public PolicyGate(PolicySet policy, IPolicyApprover approver)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(approver);
        _policy = policy;
        _approver = approver;
    }

    /// <summary>The policy this gate holds for its whole life: read once when the run started, never reloaded.</summary>
    public PolicySet Policy => _policy;

    /// <summary>Judges one call.</summary>
    /// <param name="call">The call.</param>
    /// <param name="workspace">The absolute workspace directory.</param>
    /// <param name="network">Whether the run has the network.</param>
    /// <param name="cancellationToken">Cancels a pending approval.</param>
    public async Task<PolicyVerdict> CheckAsync(ToolCall call, string workspace, bool network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var decision = _policy.Evaluate(new PolicyRequest(call, workspace, network));
        switch (decision.Action)
        {
            case PolicyAction.Allow:
                return new PolicyVerdict(true, decision, ApprovedBy: null, Message: null);
            case PolicyAction.Deny:
                return new PolicyVerdict(false, decision, ApprovedBy: null, $"Refused by policy rule '{decision.RuleId}': {decision.Reason}");
            default:
                var approved = await _approver.ApproveAsync(new PolicyApprovalRequest(call, decision), cancellationToken).ConfigureAwait(false);
                var by = _approver is ApproveRulesApprover rules ? rules.NameFor(decision) : _approver.Name;
                return approved
                    ? new PolicyVerdict(true, decision, by, Message: null)
                    : new PolicyVerdict(
                        false,
                        decision,
                        ApprovedBy: null,
                        $"Not run: policy rule '{decision.RuleId}' needs approval and it was not given ({decision.Reason}) Find another way, or explain why it is needed.");
        }
    }
}
