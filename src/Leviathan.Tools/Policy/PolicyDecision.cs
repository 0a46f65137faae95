namespace Leviathan.Tools.Policy;

/// <summary>The rule that decided a call, for the model's message and the run's record.</summary>
/// <param name="Action">What the rule says.</param>
/// <param name="RuleId">The rule's id; <c>default</c> when no rule matched.</param>
/// <param name="Reason">Why, in words the model can act on.</param>
/// <param name="Source">Where the rule came from: <c>built-in</c>, a workspace or run policy file.</param>
public sealed record PolicyDecision(PolicyAction Action, string RuleId, string Reason, string Source)
{
    /// <summary>The id of the decision taken when no rule matched.</summary>
    public const string DefaultRuleId = "default";

    /// <summary>The id of the refusal of a call the gate could not judge (too long, nested too deep, a pattern that timed out).</summary>
    public const string UnjudgeableRuleId = "unjudgeable";
}
