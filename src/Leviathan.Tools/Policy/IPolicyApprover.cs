namespace Leviathan.Tools.Policy;

/// <summary>Decides calls that a <see cref="PolicyAction.Confirm"/> rule holds back: a person at a prompt, or a standing approval.</summary>
public interface IPolicyApprover
{
    /// <summary>How the approval is recorded (<c>--approve-all</c>, <c>--approve destructive-git</c>, <c>prompt</c>...).</summary>
    string Name { get; }

    /// <summary>Whether the call may run.</summary>
    Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken);
}
