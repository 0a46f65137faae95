using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Overlaps;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// Judges a solution against a benchmark: renders the parts (CAD), checks them (manufacturability, cost,
/// weight, build and forbid zones, exact overlaps, motor limits), then assembles one MJCF, validates it
/// and simulates it under jittered payload starts. Every failure that applies is reported.
/// </summary>
public sealed class SolutionEvaluator(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    public async Task<EvaluationReport> EvaluateAsync(
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        SolutionSpec solution,
        string solutionDirectory,
        EvaluationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MotorStallSeconds);
        var reasons = new List<EvaluationReason>();
        var notes = new List<string>();

        // CAD
        var started = time.GetTimestamp();
        var analyses = new List<(PartSpec Spec, PartAnalysis Analysis)>();
        foreach (var spec in solution.Parts)
        {
            var analysis = await analyzer.AnalyzeAsync(Path.Combine(solutionDirectory, spec.File), cancellationToken);
            analyses.Add((spec, analysis));
            if (!analysis.Succeeded)
            {
                reasons.Add(new EvaluationReason(ReasonCodes.CadError, $"part '{spec.Name}' did not render:\n{analysis.Render.Describe()}") { Part = spec.Name });
            }
        }

        var cadSeconds = time.GetElapsedTime(started).TotalSeconds;

        // Checks
        started = time.GetTimestamp();
        var rendered = analyses.Where(a => a.Analysis.Part is not null).ToList();
        var sceneParts = rendered.Select(a => new ScenePart(
            a.Spec.Name,
            a.Analysis.Part!,
            MaterialTable.Get(a.Spec.Material),
            new Pose(Vec3.From(a.Spec.Position), Rotation.FromOpenScadEuler(Vec3.From(a.Spec.Rotation))),
            a.Spec.Mount,
            a.Spec.Friction,
            a.Spec.Hinge)).ToList();
        var figures = new List<PartFigures>();
        foreach (var (spec, analysis) in rendered)
        {
            var part = analysis.Part!;
            var scenePart = sceneParts.Single(p => p.Name == spec.Name);
            var material = scenePart.Material;
            if (!benchmark.Limits.Materials.Contains(spec.Material))
            {
                reasons.Add(new EvaluationReason(ReasonCodes.MaterialNotAllowed, $"part '{spec.Name}' uses {spec.Material}; the benchmark allows {string.Join(", ", benchmark.Limits.Materials)}") { Part = spec.Name });
            }

            if (!benchmark.Limits.Processes.Contains(spec.Process))
            {
                reasons.Add(new EvaluationReason(ReasonCodes.ProcessNotAllowed, $"part '{spec.Name}' is made by {ProcessNames.Of(spec.Process)}; the benchmark allows {string.Join(", ", benchmark.Limits.Processes.Select(ProcessNames.Of))}") { Part = spec.Name });
            }

            var dfm = ManufacturabilityChecker.Check(spec.Name, part.Mesh, part.Topology, spec.Process, options.Rules);
            reasons.AddRange(dfm.Failures.Select(f => new EvaluationReason(ReasonCodes.NotManufacturable, f.Message)
            {
                Part = f.Part,
                Measured = f.Measured,
                Unit = f.Unit,
            }));

            var world = WorldBounds(part, scenePart.Pose);
            var build = benchmark.Zones.Build.ToAabb();
            if (!build.Contains(world, options.BuildZoneTolerance))
            {
                var outside = Outside(world, build);
                reasons.Add(new EvaluationReason(ReasonCodes.OutsideBuildZone, $"part '{spec.Name}' reaches {F(outside * 1000)} mm outside the build zone (part spans {world.Min} to {world.Max} m; build zone {build.Min} to {build.Max} m)")
                {
                    Part = spec.Name,
                    Measured = Math.Round(outside, 6),
                    Limit = 0,
                    Unit = "m",
                });
            }

            figures.Add(new PartFigures
            {
                Name = spec.Name,
                Material = spec.Material,
                Process = spec.Process,
                Mount = spec.Mount,
                VolumeCm3 = Math.Round(part.VolumeCm3, 4),
                MassKg = Math.Round(part.Mass(material.Density), 6),
                WorldBounds = [.. world.Min.ToArray().Select(v => Math.Round(v, 6)), .. world.Max.ToArray().Select(v => Math.Round(v, 6))],
                Watertight = part.Topology.IsWatertight,
                SingleSolid = part.Topology.IsSingleSolid,
                Notes = dfm.Notes,
            });
        }

        // Weight and cost over the parts that rendered (a part that did not render has neither).
        var weight = sceneParts.Sum(p => p.Part.Mass(p.Material.Density));
        if (weight > benchmark.Limits.MaxWeight)
        {
            reasons.Add(new EvaluationReason(ReasonCodes.OverWeight, $"the parts weigh {F(weight)} kg; the limit is {F(benchmark.Limits.MaxWeight)} kg")
            {
                Measured = Math.Round(weight, 6),
                Limit = benchmark.Limits.MaxWeight,
                Unit = "kg",
            });
        }

        var cost = EstimateCost(sceneParts, rendered, benchmark.Limits.Quantity, options);
        if (cost.UnitCost > benchmark.Limits.MaxUnitCost)
        {
            reasons.Add(new EvaluationReason(ReasonCodes.OverCost, $"one unit costs {F(cost.UnitCost)} USD at a run of {benchmark.Limits.Quantity}; the limit is {F(benchmark.Limits.MaxUnitCost)} USD")
            {
                Measured = Math.Round(cost.UnitCost, 4),
                Limit = benchmark.Limits.MaxUnitCost,
                Unit = "USD",
            });
        }

        reasons.AddRange(await OverlapReasonsAsync(benchmark, benchmarkDirectory, sceneParts, options, cancellationToken));
        reasons.AddRange(MotorLimitReasons(benchmark, solution));
        var checksSeconds = time.GetElapsedTime(started).TotalSeconds;

        // Simulation
        started = time.GetTimestamp();
        var samples = new List<SampleOutcome>();
        if (!options.Simulate)
        {
            notes.Add("not simulated: checks only");
        }
        else if (analyses.All(a => a.Analysis.Succeeded))
        {
            var (simReasons, outcomes) = await SimulateAsync(benchmark, benchmarkDirectory, solution, sceneParts, options, notes, cancellationToken);
            reasons.AddRange(simReasons);
            samples.AddRange(outcomes);
        }
        else
        {
            notes.Add("not simulated: every part must render first");
        }

        return new EvaluationReport
        {
            Benchmark = benchmark.Id,
            Solution = solutionDirectory,
            Reasons = reasons,
            Parts = figures,
            Cost = cost,
            MaxUnitCost = benchmark.Limits.MaxUnitCost,
            WeightKg = Math.Round(weight, 6),
            MaxWeightKg = benchmark.Limits.MaxWeight,
            Samples = samples,
            Motors = MotorPeaks(benchmark, samples),
            Notes = notes,
            Sandbox = analyzer.Cad.Isolation,
            Timings = new EvaluationTimings(Math.Round(cadSeconds, 3), Math.Round(checksSeconds, 3), Math.Round(time.GetElapsedTime(started).TotalSeconds, 3)),
        };
    }

    /// <summary>The MJCF of this solution in this benchmark, every payload at its nominal start.</summary>
    public static string SceneXml(BenchmarkSpec benchmark, string benchmarkDirectory, SolutionSpec solution, IReadOnlyList<ScenePart> parts) =>
        SceneBuilder.Build(benchmark, benchmarkDirectory, parts, Anchors(solution), benchmark.Payload.Pose.ToPose()).ToString();

    private static CostBreakdown EstimateCost(List<ScenePart> parts, List<(PartSpec Spec, PartAnalysis Analysis)> rendered, int quantity, EvaluationOptions options)
    {
        // Identical parts (same mesh, material and process) share one setup or mould.
        var groups = parts
            .Select(p => (Part: p, Spec: rendered.Single(r => r.Spec.Name == p.Name).Spec))
            .GroupBy(p => (p.Part.Part.MeshHash, p.Spec.Material, p.Spec.Process))
            .Select(g =>
            {
                var first = g.First();
                var part = first.Part.Part;
                double? wall = null;
                if (first.Spec.Process == ManufacturingProcess.InjectionMoulding)
                {
                    wall = ManufacturabilityChecker.Check(first.Part.Name, part.Mesh, part.Topology, first.Spec.Process, options.Rules).MaximumWallThickness;
                }

                return new PartCostInput(
                    g.Select(p => p.Part.Name).ToList(),
                    first.Part.Material,
                    first.Spec.Process,
                    part.VolumeCm3,
                    part.Properties.SurfaceArea / 100,
                    part.Properties.Bounds,
                    wall,
                    g.Count());
            });
        return new CostEstimator(options.Rates).Estimate(groups.ToList(), quantity);
    }

    private async Task<List<EvaluationReason>> OverlapReasonsAsync(BenchmarkSpec benchmark, string benchmarkDirectory, List<ScenePart> parts, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var solids = new List<PlacedSolid>();
        solids.AddRange(parts.Select(p => ScadText.Part(p.Name, p.Part, p.Pose)));
        solids.AddRange(benchmark.Fixtures.Select(f => ScadText.Fixture(f, benchmarkDirectory)));
        foreach (var spec in benchmark.AllPayloads())
        {
            var payload = new FixtureSpec { Name = spec.Name, Shape = spec.Shape, Pose = spec.Pose };
            solids.Add(ScadText.Fixture(payload, benchmarkDirectory) with { Name = $"payload '{spec.Name}'" });
        }
        var zones = benchmark.Zones.Forbid.Select((z, i) => (Name: $"forbid zone '{z.Name ?? i.ToString(CultureInfo.InvariantCulture)}'", Zone: z)).ToList();
        foreach (var (name, zone) in zones)
        {
            var box = zone.ToAabb();
            var fixture = new FixtureSpec
            {
                Name = name,
                Shape = new ShapeSpec { Type = ShapeKind.Box, Size = box.Size.ToArray() },
                Pose = new PoseSpec { Position = box.Center.ToArray() },
            };
            solids.Add(ScadText.Fixture(fixture, benchmarkDirectory));
        }

        var overlaps = await new OverlapChecker(analyzer.Cad, options.OverlapThresholdMm3).FindAsync(solids, cancellationToken);
        var zoneNames = zones.Select(z => z.Name).ToHashSet(StringComparer.Ordinal);
        return overlaps.Select(o => zoneNames.Contains(o.Second)
            ? new EvaluationReason(ReasonCodes.ForbidZoneTouched, $"part '{o.First}' enters {o.Second} by {F(o.VolumeMm3)} mm³") { Part = o.First, Measured = o.VolumeMm3, Unit = "mm³" }
            : new EvaluationReason(ReasonCodes.PartsOverlap, $"part '{o.First}' and {Describe(o.Second, parts)} share {F(o.VolumeMm3)} mm³ (threshold {F(options.OverlapThresholdMm3)} mm³)")
            {
                Part = o.First,
                Measured = o.VolumeMm3,
                Limit = options.OverlapThresholdMm3,
                Unit = "mm³",
            }).ToList();

        static string Describe(string name, List<ScenePart> parts) =>
            parts.Any(p => p.Name == name) ? $"part '{name}'" : name.StartsWith("payload", StringComparison.Ordinal) ? name : $"fixture '{name}'";
    }

    private static IEnumerable<EvaluationReason> MotorLimitReasons(BenchmarkSpec benchmark, SolutionSpec solution)
    {
        foreach (var control in solution.Controls)
        {
            var motor = benchmark.Motors.Single(m => m.Name == control.Motor);
            var (low, high) = ControlProfile.Extremes(control);
            var unit = motor.Type == MotorKind.Hinge ? "°" : "m";
            if (low < motor.Range[0] - 1e-9 || high > motor.Range[1] + 1e-9)
            {
                var worst = low < motor.Range[0] ? low : high;
                yield return new EvaluationReason(
                    ReasonCodes.MotorBeyondLimit,
                    $"motor '{motor.Name}' is commanded to {F(worst)}{unit}, outside its range [{F(motor.Range[0])}, {F(motor.Range[1])}]{unit}")
                {
                    Measured = worst,
                    Limit = worst < motor.Range[0] ? motor.Range[0] : motor.Range[1],
                    Unit = unit,
                };
            }
        }

        foreach (var anchor in solution.Motors)
        {
            if (!benchmark.Zones.Build.ToAabb().Contains(Vec3.From(anchor.Anchor)))
            {
                yield return new EvaluationReason(ReasonCodes.OutsideBuildZone, $"motor '{anchor.Name}' is anchored at {Vec3.From(anchor.Anchor)} m, outside the build zone");
            }
        }
    }

    private async Task<(List<EvaluationReason> Reasons, List<SampleOutcome> Samples)> SimulateAsync(
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        SolutionSpec solution,
        List<ScenePart> parts,
        EvaluationOptions options,
        List<string> notes,
        CancellationToken cancellationToken)
    {
        var reasons = new List<EvaluationReason>();
        var assets = Path.GetDirectoryName(parts.FirstOrDefault()?.Part.StlPath) ?? benchmarkDirectory;
        var nominal = SceneXml(benchmark, benchmarkDirectory, solution, parts);
        if (options.SceneOutput is { } output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, nominal + "\n", cancellationToken);
            notes.Add($"scene written to {Path.GetFullPath(output)}");
        }

        var validation = await simulation.ValidateAsync(ModelSource.FromXml(nominal, assets), new ValidationOptions { Frames = 100, PenetrationToleranceMm = 2.0 }, cancellationToken);
        foreach (var error in validation.Errors)
        {
            if (error.Code == FindingCodes.Penetration)
            {
                // Mesh geoms collide as convex hulls, so MuJoCo sees overlaps the exact check does not.
                notes.Add($"MuJoCo reports at t = 0 (convex hulls): {error.Message}");
            }
            else if (error.Code == FindingCodes.Instability)
            {
                reasons.Add(new EvaluationReason(ReasonCodes.Unstable, $"the assembled scene is unstable: {error.Message}"));
            }
            else
            {
                reasons.Add(new EvaluationReason(ReasonCodes.SceneInvalid, $"the assembled scene does not load in MuJoCo: {error}"));
            }
        }

        if (!validation.Compiled)
        {
            return (reasons, []);
        }

        var controls = solution.Controls.ToDictionary(
            c => SceneNames.Actuator(c.Motor),
            c => ControlSignals.From(c, benchmark.Motors.Single(m => m.Name == c.Motor).Type, benchmark.Objective.TimeLimit),
            StringComparer.Ordinal);
        var deliveries = Deliveries.Of(benchmark);
        var several = deliveries.Count > 1;
        var forbid = benchmark.Zones.Forbid.Select((z, i) => (Name: z.Name ?? i.ToString(CultureInfo.InvariantCulture), Box: z.ToAabb())).ToList();
        var world = ObjectiveJudge.WorldBox(benchmark);
        var freeParts = solution.Parts.Where(p => p.Mount == "free").Select(p => (p.Name, Body: SceneNames.Part(p.Name))).ToList();
        var payloadNames = deliveries.Select(d => d.Payload.Name).ToList();

        var starts = JudgeStarts.List(benchmark, options);
        var runs = starts.Select(async (judged, sample) =>
        {
            var xml = SceneBuilder.Build(benchmark, benchmarkDirectory, parts, Anchors(solution), judged).ToString();
            var result = await simulation.SimulateAsync(
                new SimulationRequest
                {
                    Model = ModelSource.FromXml(xml, assets),
                    Seconds = benchmark.Objective.TimeLimit,
                    Controls = controls,
                    Bodies = [.. payloadNames, .. freeParts.Select(p => p.Body)],
                    ContactBodies = payloadNames,
                    SampleRateHz = options.SampleRateHz,
                },
                cancellationToken);
            return (Sample: sample, Label: judged.Label, Start: judged, Result: result);
        }).ToList();

        var outcomes = new List<SampleOutcome>();
        var misses = deliveries.Select(_ => new List<(string Label, PayloadOutcome Outcome)>()).ToList();
        foreach (var (sample, label, start, result) in await Task.WhenAll(runs))
        {
            var reasonsBefore = reasons.Count;
            if (result.Error is { } error)
            {
                reasons.Add(new EvaluationReason(ReasonCodes.SceneInvalid, $"{StartName(label)}: the simulation could not run: {error}") { Start = label });
                continue;
            }

            var touched = new List<(string Payload, string Zone)>();
            var payloads = new List<PayloadOutcome>();
            foreach (var delivery in deliveries)
            {
                var name = delivery.Payload.Name;
                var goal = delivery.GoalBox;
                var path = result.Trajectories.GetValueOrDefault(name) ?? [];
                var positions = path.Select(p => new Vec3(p.X, p.Y, p.Z)).ToList();
                var verdict = ObjectiveJudge.Judge(positions, result.SampleTimes, goal, world, benchmark.Objective);
                var judged = verdict.LeftWorldAt is null ? positions.Count : positions.FindIndex(p => !world.Contains(p));
                if (verdict.LeftWorldAt is { } leftAt)
                {
                    reasons.Add(LeftWorld(label, $"the payload '{name}'", positions[judged], leftAt, world) with { Payload = several ? name : null });
                }

                var reach = InscribedRadius(delivery.Payload.Shape);
                for (var i = 0; i < judged; i++)
                {
                    foreach (var (zone, _) in forbid.Where(f => f.Box.DistanceTo(positions[i]) <= reach && !touched.Contains((name, f.Name))))
                    {
                        touched.Add((name, zone));
                    }
                }

                var origin = start.Poses[delivery.Index].Position;
                var final = positions.Count > 0 ? positions[judged > 0 ? judged - 1 : 0] : origin;
                var closestAt = ClosestTime(positions, result.SampleTimes, judged, goal);
                payloads.Add(new PayloadOutcome
                {
                    Name = name,
                    Goal = delivery.GoalName,
                    Start = origin.ToArray().Select(v => Math.Round(v, 6)).ToArray(),
                    ReachedGoal = verdict.Met && result.Instability is null,
                    TimeToGoal = verdict.TimeToGoal is { } t ? Math.Round(t, 4) : null,
                    ClosestDistance = Math.Round(double.IsFinite(verdict.Closest) ? verdict.Closest : goal.DistanceTo(final), 6),
                    ClosestAt = closestAt is { } when ? Math.Round(when, 4) : null,
                    LongestHold = Math.Round(verdict.LongestHold, 4),
                    LeftWorldAt = verdict.LeftWorldAt is { } at ? Math.Round(at, 4) : null,
                    FinalPosition = final.ToArray().Select(v => Math.Round(v, 6)).ToArray(),
                    FinalDistance = Math.Round(goal.DistanceTo(final), 6),
                });
            }

            foreach (var (name, body) in freeParts)
            {
                var partPath = result.Trajectories.GetValueOrDefault(body) ?? [];
                var outside = partPath.Select((p, i) => (Position: new Vec3(p.X, p.Y, p.Z), Index: i)).FirstOrDefault(x => !world.Contains(x.Position), (Position: Vec3.Zero, Index: -1));
                if (outside.Index >= 0)
                {
                    reasons.Add(LeftWorld(label, $"part '{name}'", outside.Position, result.SampleTimes[outside.Index], world));
                }
            }

            var reached = payloads.All(p => p.ReachedGoal);
            if (result.Instability is { } instability)
            {
                reasons.Add(new EvaluationReason(ReasonCodes.Unstable, $"{StartName(label)}: the simulation became unstable at t = {F(instability.Time)} s: {instability.Reason}")
                {
                    Measured = instability.Time,
                    Unit = "s",
                });
            }

            foreach (var warning in result.Warnings.Where(w => w.Code == FindingCodes.ControlClamped))
            {
                reasons.Add(new EvaluationReason(ReasonCodes.MotorBeyondLimit, $"{StartName(label)}: {warning.Message}"));
            }

            var peaks = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var motor in benchmark.Motors)
            {
                if (result.Actuators.GetValueOrDefault(SceneNames.Actuator(motor.Name)) is not { } forces)
                {
                    continue; // a motor the solution did not place
                }

                peaks[motor.Name] = Math.Round(forces.PeakForce, 6);
                if (MotorOverload(label, motor, forces, options) is { } overload)
                {
                    reasons.Add(overload);
                }
            }

            foreach (var (name, zone) in touched.OrderBy(t => t.Zone, StringComparer.Ordinal))
            {
                reasons.Add(new EvaluationReason(ReasonCodes.ForbidZoneTouched, several
                    ? $"{StartName(label)}: the payload '{name}' touches forbid zone '{zone}'"
                    : $"{StartName(label)}: the payload touches forbid zone '{zone}'") { Payload = several ? name : null });
            }

            for (var r = reasonsBefore; r < reasons.Count; r++)
            {
                reasons[r] = reasons[r] with { Start = label };
            }

            for (var p = 0; p < payloads.Count; p++)
            {
                if (!payloads[p].ReachedGoal)
                {
                    misses[p].Add((label, payloads[p]));
                }
            }

            var main = payloads[0];
            outcomes.Add(new SampleOutcome
            {
                ClosestAt = main.ClosestAt,
                Contacts = Contacts(result.Contacts, payloadNames, several),
                Sample = sample,
                Label = label,
                Passed = reached && reasons.Count == reasonsBefore,
                LongestHold = payloads.Min(p => p.LongestHold),
                LeftWorldAt = payloads.Select(p => p.LeftWorldAt).Where(t => t is not null).DefaultIfEmpty(null).Min(),
                Start = main.Start,
                ReachedGoal = reached,
                TimeToGoal = payloads.All(p => p.TimeToGoal is not null) ? payloads.Max(p => p.TimeToGoal) : null,
                ClosestDistance = payloads.Max(p => p.ClosestDistance),
                FinalPosition = main.FinalPosition,
                Unstable = result.Instability?.Reason,
                ForbidZonesTouched = [.. touched.Select(t => t.Zone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                MotorPeaks = peaks,
                Payloads = several ? payloads : null,
            });
        }

        for (var p = 0; p < deliveries.Count; p++)
        {
            var missed = misses[p];
            if (missed.Count == 0)
            {
                continue;
            }

            var worst = missed.Max(m => m.Outcome.ClosestDistance);
            var where = several ? $"its goal zone '{deliveries[p].GoalName}'" : "the goal zone";
            var what = benchmark.Objective.Kind switch
            {
                ObjectiveKind.AtEnd => $"is not in {where} at t = {F(benchmark.Objective.TimeLimit)} s",
                ObjectiveKind.Settle => $"does not settle in {where} (inside for {F(benchmark.Objective.HoldTime)} s at under {F(benchmark.Objective.SettleSpeed)} m/s) within {F(benchmark.Objective.TimeLimit)} s (longest hold {F(missed.Max(m => m.Outcome.LongestHold))} s)",
                _ => $"never enters {where} within {F(benchmark.Objective.TimeLimit)} s",
            };
            var who = several ? $"payload '{deliveries[p].Payload.Name}'" : "the payload";
            var ended = several ? $", ended {F(missed.Min(m => m.Outcome.FinalDistance) * 1000)}–{F(missed.Max(m => m.Outcome.FinalDistance) * 1000)} mm from it" : string.Empty;
            reasons.Add(new EvaluationReason(
                ReasonCodes.ObjectiveMissed,
                $"in {missed.Count} of {outcomes.Count} samples {who} {what}; closest approach {F(worst * 1000)} mm{ended} (starts {string.Join(", ", missed.Select(m => m.Label))})")
            {
                Payload = several ? deliveries[p].Payload.Name : null,
                Measured = Math.Round(worst, 6),
                Limit = 0,
                Unit = "m",
            });
        }

        return (reasons, outcomes);
    }

    /// <summary>The first sample time at which the payload's centre was closest to the goal.</summary>
    private static double? ClosestTime(List<Vec3> positions, IReadOnlyList<double> times, int judged, Aabb goal)
    {
        double? when = null;
        var best = double.PositiveInfinity;
        for (var i = 0; i < Math.Min(judged, times.Count); i++)
        {
            var distance = goal.DistanceTo(positions[i]);
            if (distance < best - 1e-9)
            {
                best = distance;
                when = times[i];
            }
        }

        return when;
    }

    /// <summary>The payloads' contacts; with several payloads each is prefixed with the payload that made it (<c>blue: fixture 'floor'</c>).</summary>
    private static List<SampleContact> Contacts(IReadOnlyList<ContactSpan> spans, IReadOnlyList<string> payloads, bool several) =>
        spans.Where(c => payloads.Contains(c.Body, StringComparer.Ordinal))
            .Select(c => new SampleContact { With = several ? $"{c.Body}: {SceneNames.Describe(c.Other)}" : SceneNames.Describe(c.Other), First = Math.Round(c.First, 4), Last = Math.Round(c.Last, 4) })
            .ToList();

    private static List<MotorFigures> MotorPeaks(BenchmarkSpec benchmark, List<SampleOutcome> samples) =>
        benchmark.Motors
            .Where(m => samples.Any(s => s.MotorPeaks.ContainsKey(m.Name)))
            .Select(m => new MotorFigures
            {
                Name = m.Name,
                Unit = m.Type == MotorKind.Hinge ? "N·m" : "N",
                Limit = m.Limit,
                PeakForce = samples.Max(s => s.MotorPeaks.GetValueOrDefault(m.Name)),
            })
            .ToList();

    /// <summary>
    /// A motor is beyond its limit when MuJoCo's measured force (after clamping to the benchmark's limit) sat at
    /// that limit for <see cref="EvaluationOptions.MotorStallSeconds"/> without a break, or exceeded it.
    /// </summary>
    private static EvaluationReason? MotorOverload(string label, MotorSpec motor, ActuatorForces forces, EvaluationOptions options)
    {
        var (what, unit) = motor.Type == MotorKind.Hinge ? ("torque", "N·m") : ("force", "N");
        string message;
        if (forces.PeakForce > motor.Limit * (1 + 1e-6))
        {
            message = $"{StartName(label)}: motor '{motor.Name}' applied {F(forces.PeakForce)} {unit} at t = {F(forces.PeakTime)} s, above its {what} limit of {F(motor.Limit)} {unit}";
        }
        else if (forces.LongestAtLimit >= options.MotorStallSeconds && forces.LongestAtLimitFrom is { } from)
        {
            message = $"{StartName(label)}: motor '{motor.Name}' was held at its {what} limit of {F(motor.Limit)} {unit} for {F(forces.LongestAtLimit)} s from t = {F(from)} s " +
                $"(measured peak {F(forces.PeakForce)} {unit}; {F(forces.SecondsAtLimit)} s at the limit in all): it cannot follow its control (the load is too heavy or the commanded motion too fast for it)";
        }
        else
        {
            return null;
        }

        return new EvaluationReason(ReasonCodes.MotorBeyondLimit, message)
        {
            Measured = Math.Round(forces.PeakForce, 6),
            Limit = motor.Limit,
            Unit = unit,
        };
    }

    /// <summary>The payload's start for a sample: uniform jitter within the benchmark's half-ranges, seeded by benchmark seed and sample.</summary>
    internal static Pose Jitter(BenchmarkSpec benchmark, int sample) => Jitter(benchmark, 0, sample);

    /// <summary>
    /// Payload <paramref name="payload"/>'s start for a sample (0: the payload, 1, 2, …: the extra payloads), each drawn
    /// from its own jitter ranges with its own seeded draws; payload 0's are the draws a one-payload benchmark has always had.
    /// </summary>
    internal static Pose Jitter(BenchmarkSpec benchmark, int payload, int sample)
    {
        // HashCode is randomised per process; a fixed mix keeps samples the same from run to run.
        var mixed = unchecked(((ulong)benchmark.Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)sample * 0xBF58476D1CE4E5B9UL) ^ ((ulong)payload * 0xD6E8FEB86659FD93UL));
        mixed = unchecked((mixed ^ (mixed >> 31)) * 0x94D049BB133111EBUL);
        var random = new Random((int)(mixed & int.MaxValue));
        double Draw(double half) => half == 0 ? 0 : ((random.NextDouble() * 2) - 1) * half;
        var spec = benchmark.AllPayloads()[payload];
        var jitter = spec.Jitter;
        var offset = new Vec3(Draw(jitter.Position[0]), Draw(jitter.Position[1]), Draw(jitter.Position[2]));
        var turn = new Vec3(Draw(jitter.Rotation[0]), Draw(jitter.Rotation[1]), Draw(jitter.Rotation[2]));
        var pose = spec.Pose.ToPose();
        return new Pose(pose.Position + offset, Rotation.FromOpenScadEuler(turn) * pose.Rotation);
    }

    private static Dictionary<string, Vec3> Anchors(SolutionSpec solution) =>
        solution.Motors.ToDictionary(m => m.Name, m => Vec3.From(m.Anchor), StringComparer.Ordinal);

    private static Aabb WorldBounds(CadPart part, Pose pose) =>
        part.Mesh.Vertices.Aggregate(Aabb.Empty, (box, v) => box.Include(pose.Apply(v * 0.001)));

    private static double Outside(Aabb part, Aabb zone) => new[]
    {
        zone.Min.X - part.Min.X, zone.Min.Y - part.Min.Y, zone.Min.Z - part.Min.Z,
        part.Max.X - zone.Max.X, part.Max.Y - zone.Max.Y, part.Max.Z - zone.Max.Z, 0,
    }.Max();

    private static double InscribedRadius(ShapeSpec shape) => shape.Type switch
    {
        ShapeKind.Sphere => shape.Radius!.Value,
        ShapeKind.Box => shape.Size!.Min() / 2,
        ShapeKind.Cylinder => Math.Min(shape.Radius!.Value, shape.Height!.Value / 2),
        _ => 0,
    };

    private static EvaluationReason LeftWorld(string label, string what, Vec3 where, double time, Aabb world) =>
        new(ReasonCodes.LeftWorld, $"{StartName(label)}: {what} left the world box at t = {F(time)} s (at {where}; the box spans {world.Min} to {world.Max}); the sample ends there")
        {
            Measured = Math.Round(time, 4),
            Unit = "s",
        };

    /// <summary>How a start is named in a reason: "sample 3", "nominal start", "corner 2".</summary>
    internal static string StartName(string label) =>
        label.Length > 0 && char.IsAsciiDigit(label[0]) ? "sample " + label : label == "nominal" ? "nominal start" : label;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
