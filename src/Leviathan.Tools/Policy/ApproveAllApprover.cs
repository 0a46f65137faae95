namespace Leviathan.Tools.Policy;

/// <summary><c>--approve-all</c>: approves every call a confirm rule holds back (unattended use).</summary>
public sealed class ApproveAllApprover : IPolicyApprover
{
    /// <inheritdoc />
    public string Name => "--approve-all";

    /// <inheritdoc />
    public Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken) => Task.FromResult(true);
}
