namespace Leviathan.Tools.Policy;

/// <summary>The gate's answer for one call, to act on and to record.</summary>
/// <param name="Allowed">Whether the call may run.</param>
/// <param name="Decision">The rule that decided (or <c>default</c>).</param>
/// <param name="ApprovedBy">For a confirm rule: who approved it; null when not approved or no approval was needed.</param>
/// <param name="Message">For a refused call: the text shown to the model.</param>
public sealed record PolicyVerdict(bool Allowed, PolicyDecision Decision, string? ApprovedBy, string? Message);
