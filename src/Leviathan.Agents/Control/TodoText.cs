using System.Text;
using Leviathan.Core.Plans;

namespace Leviathan.Agents.Control;

/// <summary>The TODO list as Markdown, for prompts and <c>.leviathan/todo.md</c>.</summary>
internal static class TodoText
{
    public static string Render(IReadOnlyList<PlanItem> items)
    {
        if (items.Count == 0)
        {
            return "(no TODO list yet)";
        }

        var text = new StringBuilder();
        foreach (var item in items)
        {
            var box = item.Status switch
            {
                PlanItemStatus.Done => "[x]",
                PlanItemStatus.InProgress => "[~]",
                PlanItemStatus.Blocked => "[!]",
                _ => "[ ]",
            };
            text.Append("- ").Append(box).Append(' ').Append(item.Id).Append(": ").Append(item.Text)
                .Append(" (").Append(item.Status.ToName()).Append(")\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
