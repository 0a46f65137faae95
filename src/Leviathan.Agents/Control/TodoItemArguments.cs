using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Core.Plans;

namespace Leviathan.Agents.Control;

/// <summary>One TODO item as the model writes it.</summary>
public sealed record TodoItemArguments(
    [property: Description("A short stable id, e.g. '1' or 'fix-add'.")]
    [property: MinLength(1)]
    string Id,
    [property: Description("What to do, checkable.")]
    [property: MinLength(1)]
    string Text,
    [property: Description("pending, in_progress, done or blocked.")]
    PlanItemStatus Status);
