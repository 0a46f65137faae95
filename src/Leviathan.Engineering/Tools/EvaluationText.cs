using System.Globalization;
using System.Text;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Tools;

/// <summary>The evaluator's report as compact text for a model and a person: failures first, then the figures.</summary>
internal static class EvaluationText
{
    /// <summary>What <c>validate_solution</c> shows: every cheap check, no simulation.</summary>
    public static string Checks(EvaluationReport report)
    {
        var text = new StringBuilder();
        var failures = report.Reasons;
        text.Append(failures.Count == 0
            ? "VALID: every check passes (CAD, materials, processes, manufacturability, build and forbid zones, overlaps, weight, cost, motor ranges). Not simulated: call simulate to see the motion.\n"
            : string.Create(CultureInfo.InvariantCulture, $"INVALID: {failures.Count} problem{Plural(failures.Count)} (fix these before simulating):\n"));
        AppendReasons(text, failures);
        AppendFigures(text, report);
        return text.ToString();
    }

    /// <summary>
    /// The robustness figure: how many seeded jitter samples pass, then the nominal start and the jitter corners, e.g.
    /// <c>robustness: 5 of 8 jitter samples pass (62.5 %); nominal start PASS; jitter corners 0 of 2 pass</c>.
    /// </summary>
    public static string Robustness(EvaluationReport report)
    {
        var jitter = report.Samples.Where(s => s.Label.Length > 0 && char.IsAsciiDigit(s.Label[0])).ToList();
        var corners = report.Samples.Where(s => s.Label.StartsWith("corner", StringComparison.Ordinal)).ToList();
        var nominal = report.Samples.FirstOrDefault(s => s.Label == "nominal");
        var text = new StringBuilder("robustness: ");
        text.Append(jitter.Count == 0
            ? "no jitter samples"
            : string.Create(CultureInfo.InvariantCulture, $"{jitter.Count(s => s.Passed)} of {jitter.Count} jitter samples pass ({N(jitter.Count(s => s.Passed) * 100.0 / jitter.Count, "0.#")} %)"));
        if (nominal is not null)
        {
            text.Append("; nominal start ").Append(nominal.Passed ? "PASS" : "FAIL");
        }

        if (corners.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; jitter corners {corners.Count(s => s.Passed)} of {corners.Count} pass");
        }

        return text.ToString();
    }

    /// <summary>What <c>simulate</c> shows: the verdict, then per start what the payload did and why it failed.</summary>
    public static string Samples(EvaluationReport report, BenchmarkSpec benchmark)
    {
        var text = new StringBuilder();
        if (report.Samples.Count == 0)
        {
            text.Append("NOT SIMULATED: ");
            text.Append(report.Reasons.Count == 0 ? "nothing to simulate.\n" : "the solution does not assemble into a scene:\n");
            AppendReasons(text, report.Reasons);
            AppendNotes(text, report);
            return text.ToString();
        }

        var passed = report.StartsPassed;
        text.Append(report.Success
            ? string.Create(CultureInfo.InvariantCulture, $"SUCCESS: all {report.StartsDrawn} starts pass and every check passes.\n")
            : passed == report.StartsDrawn
                ? string.Create(CultureInfo.InvariantCulture, $"FAILURE: the payload succeeds in all {report.StartsDrawn} starts, but {report.Reasons.Count} check{Plural(report.Reasons.Count)} fail{(report.Reasons.Count == 1 ? "s" : string.Empty)}.\n")
                : string.Create(CultureInfo.InvariantCulture, $"FAILURE: {passed} of {report.StartsDrawn} starts pass{(passed > 0 ? " (not robust: every start must pass)" : string.Empty)}.\n"));
        text.Append(Robustness(report)).Append('\n');
        var goal = benchmark.Zones.Goal;
        var deliveries = Deliveries.Of(benchmark);
        if (deliveries.Count == 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"objective: payload '{benchmark.Payload.Name}' {Objective(benchmark)}; goal zone {Vec(goal.Min)}..{Vec(goal.Max)} m\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"objective: every payload {Objective(benchmark)} of its own: ");
            text.AppendJoin("; ", deliveries.Select(d => $"'{d.Payload.Name}' -> goal zone '{d.GoalName}' {Vec(d.Goal.Min)}..{Vec(d.Goal.Max)} m")).Append('\n');
        }

        foreach (var sample in report.Samples)
        {
            var name = SolutionEvaluator.StartName(sample.Label);
            text.Append(CultureInfo.InvariantCulture, $"{name}: {(sample.Passed ? "PASS" : "FAIL")}");
            if (sample.Payloads is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {sample.Payloads.Count(p => p.ReachedGoal)} of {sample.Payloads.Count} payloads delivered\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"; start {Vec(sample.Start)} -> end {Vec(sample.FinalPosition)} m");
                text.Append(sample.TimeToGoal is { } t
                    ? string.Create(CultureInfo.InvariantCulture, $"; in goal at t={N(t)} s")
                    : string.Create(CultureInfo.InvariantCulture, $"; never in goal, closest {N(sample.ClosestDistance * 1000, "0.#")} mm{(sample.ClosestAt is { } at ? $" at t={N(at)} s" : string.Empty)}"));
                if (benchmark.Objective.Kind == ObjectiveKind.Settle)
                {
                    text.Append(CultureInfo.InvariantCulture, $"; longest hold {N(sample.LongestHold)} s");
                }

                text.Append('\n');
            }

            foreach (var payload in sample.Payloads ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"  payload '{payload.Name}' -> goal '{payload.Goal}': {(payload.ReachedGoal ? "delivered" : "MISSED")}; start {Vec(payload.Start)} -> end {Vec(payload.FinalPosition)} m");
                text.Append(payload.ReachedGoal && payload.TimeToGoal is { } pt
                    ? string.Create(CultureInfo.InvariantCulture, $"; in goal at t={N(pt)} s")
                    : string.Create(CultureInfo.InvariantCulture, $"; closest {N(payload.ClosestDistance * 1000, "0.#")} mm{(payload.ClosestAt is { } pat ? $" at t={N(pat)} s" : string.Empty)}, ended {N(payload.FinalDistance * 1000, "0.#")} mm from its goal"));
                if (benchmark.Objective.Kind == ObjectiveKind.Settle)
                {
                    text.Append(CultureInfo.InvariantCulture, $"; longest hold {N(payload.LongestHold)} s");
                }

                text.Append('\n');
            }

            if (sample.Contacts.Count > 0)
            {
                text.Append("  touched: ").AppendJoin(", ", sample.Contacts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.With} {N(c.First, "0.##")}-{N(c.Last, "0.##")} s"))).Append('\n');
            }
            else
            {
                text.Append("  touched: nothing\n");
            }

            foreach (var (motor, peak) in sample.MotorPeaks)
            {
                var spec = benchmark.Motors.First(m => m.Name == motor);
                text.Append(CultureInfo.InvariantCulture, $"  motor {motor}: peak {N(peak)} {(spec.Type == MotorKind.Hinge ? "N·m" : "N")} of {N(spec.Limit)} limit ({N(spec.Limit > 0 ? peak / spec.Limit * 100 : 0, "0")} %)\n");
            }

            if (!sample.Passed)
            {
                var why = report.Reasons.Where(r => r.Start == sample.Label).Select(r => r.Code + ": " + r.Message).ToList();
                if (sample.Payloads is { } each && sample.Unstable is null)
                {
                    why.AddRange(each.Where(p => !p.ReachedGoal).Select(p => string.Create(CultureInfo.InvariantCulture,
                        $"{ReasonCodes.ObjectiveMissed}: payload '{p.Name}' {(p.TimeToGoal is null ? "never reached" : "did not meet the objective in")} its goal zone '{p.Goal}'; it ended {N(p.FinalDistance * 1000, "0.#")} mm from it")));
                }
                else if (!sample.ReachedGoal && sample.Unstable is null)
                {
                    why.Add(string.Create(CultureInfo.InvariantCulture, $"{ReasonCodes.ObjectiveMissed}: the payload {(sample.TimeToGoal is null ? "never reached the goal" : "did not meet the objective")}; it ended {N(benchmark.Zones.Goal.ToAabb().DistanceTo(Geometry.Vec3.From(sample.FinalPosition)) * 1000, "0.#")} mm from the goal zone"));
                }

                foreach (var line in why)
                {
                    text.Append("  why: ").Append(line.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
                }
            }
        }

        var general = report.Reasons.Where(r => r.Start is null && r.Code != ReasonCodes.ObjectiveMissed).ToList();
        if (general.Count > 0)
        {
            text.Append("checks that fail:\n");
            AppendReasons(text, general);
        }

        AppendNotes(text, report);
        text.Append(CultureInfo.InvariantCulture, $"time: CAD {N(report.Timings.CadSeconds, "0.00")} s, checks {N(report.Timings.ChecksSeconds, "0.00")} s, simulation {N(report.Timings.SimulationSeconds, "0.00")} s\n");
        return text.ToString();
    }

    private static string Objective(BenchmarkSpec benchmark) => benchmark.Objective.Kind switch
    {
        ObjectiveKind.AtEnd => $"must be in the goal at t={N(benchmark.Objective.TimeLimit)} s",
        ObjectiveKind.Settle => $"must settle in the goal (held {N(benchmark.Objective.HoldTime)} s under {N(benchmark.Objective.SettleSpeed)} m/s) within {N(benchmark.Objective.TimeLimit)} s",
        _ => $"must enter the goal within {N(benchmark.Objective.TimeLimit)} s",
    };

    private static void AppendReasons(StringBuilder text, IEnumerable<EvaluationReason> reasons)
    {
        foreach (var reason in reasons)
        {
            text.Append("- ").Append(reason.Code).Append(": ").Append(reason.Message.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
        }
    }

    private static void AppendFigures(StringBuilder text, EvaluationReport report)
    {
        text.Append("parts:\n");
        foreach (var part in report.Parts)
        {
            var b = part.WorldBounds;
            text.Append(CultureInfo.InvariantCulture, $"  {part.Name}: {part.Material}, {ProcessNames.Of(part.Process)}, {N(part.VolumeCm3, "0.##")} cm³, {N(part.MassKg * 1000, "0.#")} g, mount {part.Mount}");
            if (b.Count == 6)
            {
                text.Append(CultureInfo.InvariantCulture, $", spans {Vec(b.Take(3).ToList())}..{Vec(b.Skip(3).ToList())} m");
            }

            if (!part.Watertight || !part.SingleSolid)
            {
                text.Append(part.Watertight ? string.Empty : ", NOT watertight").Append(part.SingleSolid ? string.Empty : ", NOT a single solid");
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"weight {N(report.WeightKg ?? 0)} kg (limit {N(report.MaxWeightKg)} kg)");
        if (report.Cost is { } cost)
        {
            text.Append(CultureInfo.InvariantCulture, $"; unit cost {N(cost.UnitCost, "0.00")} USD at a run of {cost.Quantity} (limit {N(report.MaxUnitCost, "0.00")} USD): ");
            text.AppendJoin(", ", cost.Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{string.Join("+", g.Parts)} {N(g.PerUnit, "0.00")}")));
        }

        text.Append('\n');
        AppendNotes(text, report);
    }

    private static void AppendNotes(StringBuilder text, EvaluationReport report)
    {
        foreach (var note in report.Notes.Concat(report.Parts.SelectMany(p => p.Notes.Select(n => $"{p.Name}: {n}"))))
        {
            text.Append("note: ").Append(note).Append('\n');
        }
    }

    internal static string Vec(IReadOnlyList<double> v) => string.Create(CultureInfo.InvariantCulture, $"({N(v[0])}, {N(v[1])}, {N(v[2])})");

    internal static string N(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
