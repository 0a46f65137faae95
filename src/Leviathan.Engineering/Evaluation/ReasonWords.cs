using System.Globalization;

namespace Leviathan.Engineering.Evaluation;

/// <summary>The reasons of a failed evaluation in a few words each, for one-line summaries ("why: the payload touches a forbid zone at 13 of 13 starts").</summary>
public static class ReasonWords
{
    /// <summary>What <paramref name="code"/> means, in words.</summary>
    public static string Of(string code) => code switch
    {
        ReasonCodes.CadError => "a part does not render in OpenSCAD",
        ReasonCodes.ObjectiveMissed => "the payload misses the objective",
        ReasonCodes.OutsideBuildZone => "a part is outside the build zone",
        ReasonCodes.ForbidZoneTouched => "the payload touches a forbid zone",
        ReasonCodes.PartsOverlap => "parts overlap",
        ReasonCodes.OverCost => "over the cost limit",
        ReasonCodes.OverWeight => "over the weight limit",
        ReasonCodes.NotManufacturable => "a part cannot be made by its process",
        ReasonCodes.MaterialNotAllowed => "a material is not allowed",
        ReasonCodes.ProcessNotAllowed => "a process is not allowed",
        ReasonCodes.MotorBeyondLimit => "a motor is driven beyond its limit",
        ReasonCodes.Unstable => "the simulation becomes unstable",
        ReasonCodes.SceneInvalid => "the scene does not load",
        ReasonCodes.LeftWorld => "the payload or a part leaves the world box",
        _ => code,
    };

    /// <summary>
    /// The report's failures in words, one per kind with the starts it happened at, then the nearest miss: the payload's
    /// closest approach to the goal at its worst start, as simulated (no solver penalty); e.g.
    /// "nearest miss 64.4 mm (closest approach to the goal at the worst start); why: the payload touches a forbid zone
    /// (forbid_zone_touched) at 13 of 13 starts, the payload misses the objective (objective_missed) at 13 of 13 starts".
    /// </summary>
    public static string Summary(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var drawn = report.StartsDrawn;
        var missed = report.Samples.Count(s => !s.ReachedGoal);
        var why = string.Join(", ", report.ReasonGroups.Select(g =>
        {
            var at = g.Starts.Count > 0 ? g.Starts.Count : g.Code == ReasonCodes.ObjectiveMissed ? missed : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{Of(g.Code)} ({g.Code}){(at > 0 ? $" at {at} of {drawn} starts" : string.Empty)}");
        }).Distinct(StringComparer.Ordinal));
        var nearest = report.ClosestDistance is { } closest && missed > 0
            ? string.Create(CultureInfo.InvariantCulture, $"nearest miss {closest * 1000:0.#} mm (closest approach to the goal at the worst start); ")
            : string.Empty;
        return $"{nearest}why: {(why.Length > 0 ? why : "nothing failed")}";
    }
}
