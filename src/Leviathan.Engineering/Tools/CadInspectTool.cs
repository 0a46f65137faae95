using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Solutions;
using Leviathan.Tools.Contract;
using static Leviathan.Engineering.Tools.EvaluationText;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>cad_inspect {part}</c>: renders one part (cached by content hash) and reports its mass, volume, bounding box,
/// centre of mass, whether it is watertight and one solid, its process cost at the benchmark's quantity, and the
/// manufacturability findings for its process.
/// </summary>
public sealed class CadInspectTool(PhysicsWorkbench workbench) : Tool<CadInspectArguments>(
    ToolName,
    "Render one part (cached) and measure it: size and bounds (mm, part frame), volume, centre of mass, mass, watertight/single solid, "
    + "the unit cost of its process at the benchmark's quantity and the manufacturability findings. Give a part name from solution.json or a .scad file.")
{
    public const string ToolName = "cad_inspect";

    protected override async Task<ToolResult> HandleAsync(CadInspectArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var (file, spec) = Find(arguments.Part, context);
        var full = PhysicsWorkbench.CheckCadInputs(context.Workspace, file);
        if (!File.Exists(full))
        {
            throw new ToolRefusedException($"'{file}' does not exist. Use list_files to see the solution's files.");
        }

        var analysis = await workbench.Analyzer.AnalyzeAsync(full, cancellationToken).ConfigureAwait(false);
        var label = spec is null ? file : $"part '{spec.Name}' ({file})";
        if (analysis.Part is not { } part)
        {
            return ToolResult.Error($"{label} does not render:\n{analysis.Render.Describe()}");
        }

        var p = part.Properties;
        var t = part.Topology;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{label}: rendered{(analysis.Render.FromCache ? " (cached)" : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"size {N(p.Bounds.Size.X, "0.##")} x {N(p.Bounds.Size.Y, "0.##")} x {N(p.Bounds.Size.Z, "0.##")} mm; bounds {Vec(p.Bounds.Min.ToArray())}..{Vec(p.Bounds.Max.ToArray())} mm in the part's own frame; centre of mass {Vec(p.Centroid.ToArray())} mm\n");
        text.Append(CultureInfo.InvariantCulture, $"volume {N(part.VolumeCm3, "0.##")} cm³; surface {N(p.SurfaceArea / 100, "0.#")} cm²; {t.Triangles} triangles\n");
        text.Append(CultureInfo.InvariantCulture, $"watertight {(t.IsWatertight ? "yes" : $"NO ({t.BoundaryEdges} open edges, {t.NonManifoldEdges} non-manifold)")}; single solid {(t.IsSingleSolid ? "yes" : $"NO ({t.DescribeSolids()})")}\n");
        foreach (var warning in analysis.Render.Diagnostics)
        {
            text.Append("openscad: ").Append(warning.Message).Append('\n');
        }

        var data = new JsonObject
        {
            ["file"] = file,
            ["volume_cm3"] = Math.Round(part.VolumeCm3, 4),
            ["size_mm"] = new JsonArray([.. p.Bounds.Size.ToArray().Select(v => (JsonNode?)Math.Round(v, 4))]),
            ["centre_of_mass_mm"] = new JsonArray([.. p.Centroid.ToArray().Select(v => (JsonNode?)Math.Round(v, 4))]),
            ["watertight"] = t.IsWatertight,
            ["single_solid"] = t.IsSingleSolid,
        };
        if (spec is null)
        {
            text.Append("mass and cost: not known; this file is no part of solution.json (a part there names its material and process)\n");
            return ToolResult.Success(text.ToString()) with { StructuredContent = data };
        }

        var material = MaterialTable.Get(spec.Material);
        var mass = part.Mass(material.Density);
        text.Append(CultureInfo.InvariantCulture, $"mass {N(mass * 1000, "0.#")} g ({material.Id}, {N(material.Density, "0")} kg/m³)\n");
        var rules = workbench.Evaluation.Rules;
        var dfm = ManufacturabilityChecker.Check(spec.Name, part.Mesh, t, spec.Process, rules);
        var benchmark = workbench.Benchmark;
        var copies = workbench.LoadSolutionOrNull(context.Workspace)?.Parts.Count(x => x.File == spec.File && x.Material == spec.Material && x.Process == spec.Process) ?? 1;
        var cost = new CostEstimator(workbench.Evaluation.Rates).Estimate(
            new PartCostInput([spec.Name], material, spec.Process, part.VolumeCm3, p.SurfaceArea / 100, p.Bounds, spec.Process == ManufacturingProcess.InjectionMoulding ? dfm.MaximumWallThickness : null, Math.Max(1, copies)),
            benchmark.Limits.Quantity);
        text.Append(CultureInfo.InvariantCulture, $"cost ({ProcessNames.Of(spec.Process)}, run of {benchmark.Limits.Quantity}, {cost.CopiesPerUnit} per unit): one-off {N(cost.OneOffCost, "0.00")} USD, material {N(cost.MaterialPerPiece, "0.00")}/pc, machine {N(cost.MachineHoursPerPiece, "0.###")} h = {N(cost.MachinePerPiece, "0.00")}/pc -> {N(cost.PerUnit, "0.00")} USD per unit (the whole solution may cost {N(benchmark.Limits.MaxUnitCost, "0.00")})\n");
        if (!benchmark.Limits.Materials.Contains(spec.Material))
        {
            text.Append(CultureInfo.InvariantCulture, $"material {spec.Material} is NOT allowed by the benchmark ({string.Join(", ", benchmark.Limits.Materials)})\n");
        }

        if (!benchmark.Limits.Processes.Contains(spec.Process))
        {
            text.Append(CultureInfo.InvariantCulture, $"process {ProcessNames.Of(spec.Process)} is NOT allowed by the benchmark ({string.Join(", ", benchmark.Limits.Processes.Select(ProcessNames.Of))})\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"manufacturability ({ProcessNames.Of(spec.Process)}): {(dfm.Passed ? "ok" : $"{dfm.Failures.Count} problem{(dfm.Failures.Count == 1 ? string.Empty : "s")}")}");
        if (dfm.MinimumWallThickness is { } wall)
        {
            text.Append(CultureInfo.InvariantCulture, $"; thinnest wall {N(wall, "0.##")} mm");
        }

        text.Append('\n');
        foreach (var failure in dfm.Failures)
        {
            text.Append("- ").Append(failure.Rule).Append(": ").Append(failure.Message).Append('\n');
        }

        foreach (var note in dfm.Notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }

        data["part"] = spec.Name;
        data["material"] = material.Id;
        data["mass_kg"] = Math.Round(mass, 6);
        data["unit_cost_usd"] = Math.Round(cost.PerUnit, 4);
        data["manufacturable"] = dfm.Passed;
        data["manufacturability_failures"] = new JsonArray([.. dfm.Failures.Select(f => (JsonNode?)new JsonObject { ["rule"] = f.Rule, ["measured"] = f.Measured, ["unit"] = f.Unit, ["limit"] = f.Limit, ["message"] = f.Message })]);
        return ToolResult.Success(text.ToString()) with { StructuredContent = data };
    }

    private (string File, PartSpec? Spec) Find(string part, ToolContext context)
    {
        var solution = workbench.LoadSolutionOrNull(context.Workspace);
        if (solution?.Parts.FirstOrDefault(p => p.Name == part) is { } named)
        {
            return (named.File, named);
        }

        if (part.EndsWith(".scad", StringComparison.Ordinal))
        {
            return (part, solution?.Parts.FirstOrDefault(p => p.File == part));
        }

        var known = solution is null ? "solution.json is missing or invalid (run validate_solution to see why)" : $"its parts: {string.Join(", ", solution.Parts.Select(p => p.Name))}";
        throw new ToolRefusedException($"'{part}' is neither a part of solution.json nor a .scad file; {known}.");
    }
}
