using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Agents.Control;

/// <summary>Arguments of <c>todo_write</c>.</summary>
public sealed record TodoWriteArguments(
    [property: Description("The whole TODO list; it replaces the previous one.")]
    [property: MinLength(1)]
    IReadOnlyList<TodoItemArguments> Items);
