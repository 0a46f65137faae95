using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Agents.Control;

/// <summary>Arguments of <c>finish</c>.</summary>
public sealed record FinishArguments(
    [property: Description("What was changed and why, in a few sentences.")]
    [property: MinLength(1)]
    string Summary);
