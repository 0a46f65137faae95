namespace Leviathan.Tools.Policy;

/// <summary>There is nobody to ask (no terminal, no standing approval): calls that need approval are refused.</summary>
public sealed class RefusingApprover : IPolicyApprover
{
    /// <inheritdoc />
    public string Name => "nobody (non-interactive)";

    /// <inheritdoc />
    public Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken) => Task.FromResult(false);
}
