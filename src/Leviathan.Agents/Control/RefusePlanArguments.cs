using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Agents.Control;

/// <summary>Arguments of <c>refuse_plan</c>.</summary>
public sealed record RefusePlanArguments(
    [property: Description("Which TODO item cannot be done and why.")]
    [property: MinLength(1)]
    string Reason,
    [property: Description("Proof: a command output or a file excerpt that shows why (copied from a tool result).")]
    [property: MinLength(1)]
    string Evidence);
