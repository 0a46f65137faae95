using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Agents.Control;

/// <summary>Arguments of <c>verdict</c>.</summary>
public sealed record VerdictArguments(
    [property: Description("true to accept the change, false to send it back to the engineer.")]
    bool Accept,
    [property: Description("Why; for a rejection, what to fix.")]
    [property: MinLength(1)]
    IReadOnlyList<string> Reasons);
