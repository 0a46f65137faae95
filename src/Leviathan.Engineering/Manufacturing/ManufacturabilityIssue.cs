namespace Leviathan.Engineering.Manufacturing;

/// <summary>A failed rule: which part, which rule, what was measured and what the rule allows.</summary>
public sealed record ManufacturabilityIssue(string Part, string Rule, double Measured, string Unit, string Limit, string Message);
