using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary>Where a resumed run hands over from recorded answers to the live model.</summary>
internal static class ResumePoint
{
    /// <summary>
    /// A stuck run redone in full would get stuck again at the same place: its events are cut before the last stuck
    /// intervention, so the redone steps lead up to the intervention and the live model answers it (with new limits or
    /// another profile). A stuck run without an intervention is redone in full.
    /// </summary>
    public static IReadOnlyList<TraceEvent> BeforeLastIntervention(IReadOnlyList<TraceEvent> events)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Kind == EventKind.Error && events[i].PayloadJson.Contains("stuck pattern detected", StringComparison.Ordinal))
            {
                return [.. events.Take(i)];
            }
        }

        return events;
    }
}
