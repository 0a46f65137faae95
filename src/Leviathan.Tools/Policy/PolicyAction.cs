namespace Leviathan.Tools.Policy;

/// <summary>What the policy decides about one tool call.</summary>
public enum PolicyAction
{
    /// <summary>The call runs.</summary>
    Allow,

    /// <summary>The call is refused; the rule's reason is shown to the model.</summary>
    Deny,

    /// <summary>The call runs only if an approver approves it.</summary>
    Confirm,
}
