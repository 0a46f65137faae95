namespace Leviathan.Simulation.Rendering;

/// <summary>Names of the <see cref="CameraView"/>s as users type them (<c>iso</c>, <c>top</c>, <c>front</c>, <c>side</c>).</summary>
public static class CameraViews
{
    /// <summary>Every view, in the order they are listed.</summary>
    public static IReadOnlyList<CameraView> All { get; } = [CameraView.Iso, CameraView.Top, CameraView.Front, CameraView.Side];

    /// <summary>The lower-case name: <c>iso</c>, <c>top</c>, <c>front</c> or <c>side</c>.</summary>
    public static string Name(CameraView view) => view switch
    {
        CameraView.Iso => "iso",
        CameraView.Top => "top",
        CameraView.Front => "front",
        CameraView.Side => "side",
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, "unknown camera view"),
    };

    /// <summary>The view with this name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out CameraView view)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                view = candidate;
                return true;
            }
        }

        view = CameraView.Iso;
        return false;
    }

    /// <summary>The names joined for messages: "iso, top, front, side".</summary>
    public static string Names => string.Join(", ", All.Select(Name));
}
