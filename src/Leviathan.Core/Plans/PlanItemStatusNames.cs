namespace Leviathan.Core.Plans;

/// <summary>The wire names of <see cref="PlanItemStatus"/>: pending, in_progress, done, blocked.</summary>
public static class PlanItemStatusNames
{
    private static readonly string[] Names = ["pending", "in_progress", "done", "blocked"];

    public static IReadOnlyList<string> All => Names;

    public static string ToName(this PlanItemStatus status) => Names[(int)status];

    public static bool TryParse(string? name, out PlanItemStatus status)
    {
        var index = Array.IndexOf(Names, name);
        status = index < 0 ? default : (PlanItemStatus)index;
        return index >= 0;
    }
}
