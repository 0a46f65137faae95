namespace Leviathan.Tools.Policy;

/// <summary>
/// <c>--approve RULE</c>: approves calls held back by the named rules; anything else goes to the
/// next approver (a prompt), or is refused when there is none.
/// </summary>
public sealed class ApproveRulesApprover : IPolicyApprover
{
    private readonly HashSet<string> _rules;
    private readonly IPolicyApprover? _next;

    public ApproveRulesApprover(IEnumerable<string> ruleIds, IPolicyApprover? next = null)
    {
        ArgumentNullException.ThrowIfNull(ruleIds);
        _rules = new HashSet<string>(ruleIds, StringComparer.Ordinal);
        _next = next;
    }

    /// <inheritdoc />
    public string Name => $"--approve {string.Join(",", _rules.Order(StringComparer.Ordinal))}";

    /// <summary>Who approved the last call: this approver, or the next one.</summary>
    public string NameFor(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return _rules.Contains(decision.RuleId) ? $"--approve {decision.RuleId}" : _next?.Name ?? "nobody";
    }

    /// <inheritdoc />
    public async Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_rules.Contains(request.Decision.RuleId))
        {
            return true;
        }

        return _next is not null && await _next.ApproveAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
