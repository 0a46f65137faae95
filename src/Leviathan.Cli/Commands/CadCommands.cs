using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan cad inspect|preview</c>: render OpenSCAD parts in the sandbox and report what they are.</summary>
internal static class CadCommands
{
    private const string SandboxKey = "sandbox:kind";

    public static Command Create(CliEnvironment environment)
    {
        var cad = new Command("cad", "Render and inspect OpenSCAD parts (run in the sandbox)");
        cad.Subcommands.Add(Inspect(environment));
        cad.Subcommands.Add(Preview(environment));
        return cad;
    }

    /// <summary>The CAD pipeline from configuration; shared with <c>bench</c>.</summary>
    internal static PartAnalyzer CreateAnalyzer(CliContext context)
    {
        var kindName = context.Config.Settings<SandboxSettings>().Kind;
        if (!SandboxKinds.TryParse(kindName, out var kind))
        {
            throw CliException.Usage($"configuration key {SandboxKey} is '{kindName}', which is not a sandbox", "use bwrap, podman or none");
        }

        var cad = context.Config.Settings<CadSettings>();

        if (kind == SandboxKind.None)
        {
            context.Stderr.WriteLine("warning: sandbox 'none': OpenSCAD runs directly on this machine with no isolation");
        }

        var options = new CadOptions
        {
            CacheDirectory = string.IsNullOrEmpty(cad.CacheDir) ? Path.Combine(context.Home, "cache", "cad") : cad.CacheDir,
            OpenScadPath = cad.OpenScad,
            Timeout = TimeSpan.FromSeconds(cad.TimeoutSeconds),
        };
        try
        {
            return CadSetup.CreateAnalyzer(options, kind, context.Home);
        }
        catch (SandboxUnavailableException ex)
        {
            throw CliException.Failed(ex.Message, $"install it (scripts/setup.sh) or set {SandboxKey}: none to run OpenSCAD without isolation");
        }
    }

    internal static Material? ParseMaterial(string? id)
    {
        if (id is null)
        {
            return null;
        }

        return MaterialTable.TryGet(id, out var material)
            ? material
            : throw CliException.Usage($"unknown material '{id}'", $"use one of: {MaterialTable.KnownIds}");
    }

    internal static string ExistingFile(string path, string what)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw CliException.Usage($"{what} not found: {full}", "check the path");
    }

    private static Command Inspect(CliEnvironment environment)
    {
        var file = new Argument<string>("PART") { Description = "The OpenSCAD part (.scad), modelled in millimetres" };
        var material = new Option<string?>("--material") { Description = $"Material for mass and inertia: {MaterialTable.KnownIds}" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("inspect", "Render a part and print its volume, mass, bounding box and watertightness (exit 0 rendered, 1 CAD error, 2 usage)")
        {
            file, material, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = ExistingFile(context.ParseResult.GetValue(file)!, "part file");
            var chosen = ParseMaterial(context.ParseResult.GetValue(material));
            var analyzer = CreateAnalyzer(context);
            var analysis = await analyzer.AnalyzeAsync(path, cancellationToken);
            var inspection = PartInspection.From(analysis, chosen);
            if (context.ParseResult.GetValue(json))
            {
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(inspection, EngineeringJsonContext.Default.PartInspection));
                return analysis.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
            }

            if (!analysis.Succeeded)
            {
                await context.Stdout.WriteLineAsync(analysis.Render.Describe());
                throw CliException.Failed($"{Path.GetFileName(path)} did not render", "fix the line OpenSCAD names above and run again");
            }

            await WriteInspectionAsync(context.Stdout, inspection, chosen, analyzer.Cad.Isolation);
            return ExitCodes.Success;
        });
    }

    private static Command Preview(CliEnvironment environment)
    {
        var file = new Argument<string>("PART") { Description = "The OpenSCAD part (.scad)" };
        var output = new Option<string>("--out") { Description = "The PNG file to write", Required = true };
        var size = new Option<string>("--size") { Description = "Image size WIDTHxHEIGHT", DefaultValueFactory = _ => "800x600" };
        var command = new Command("preview", "Render a PNG picture of a part (xvfb-run openscad)") { file, output, size };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var path = ExistingFile(context.ParseResult.GetValue(file)!, "part file");
            var dimensions = context.ParseResult.GetValue(size)!.Split('x');
            if (dimensions.Length != 2 ||
                !int.TryParse(dimensions[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width) ||
                !int.TryParse(dimensions[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height) ||
                width is < 16 or > 4096 || height is < 16 or > 4096)
            {
                throw CliException.Usage($"--size must be WIDTHxHEIGHT with each from 16 to 4096, not '{context.ParseResult.GetValue(size)}'");
            }

            var png = OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!);
            var render = await CreateAnalyzer(context).Cad.PreviewAsync(path, png, width, height, cancellationToken);
            if (!render.Succeeded)
            {
                await context.Stdout.WriteLineAsync(render.Describe());
                throw CliException.Failed($"no preview of {Path.GetFileName(path)} was written", "fix the errors above; 'leviathan cad inspect' shows them too");
            }

            await context.Stdout.WriteLineAsync($"wrote {png} ({width}x{height})");
            return ExitCodes.Success;
        });
    }

    private static async Task WriteInspectionAsync(TextWriter output, PartInspection i, Material? material, string isolation)
    {
        static string N(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
        static string V(IReadOnlyList<double> v) => string.Join(", ", v.Select(x => N(x)));

        await output.WriteLineAsync($"part       {i.Part}");
        await output.WriteLineAsync($"volume     {N(i.VolumeCm3!.Value, "0.####")} cm³");
        await output.WriteLineAsync($"surface    {N(i.SurfaceAreaCm2!.Value, "0.##")} cm²");
        await output.WriteLineAsync($"size       {N(i.SizeMm![0])} x {N(i.SizeMm[1])} x {N(i.SizeMm[2])} mm (from {V(i.BoundsMinMm!)} to {V(i.BoundsMaxMm!)})");
        await output.WriteLineAsync($"centroid   {V(i.CentreOfMassMm!)} mm");
        var watertight = i.Watertight == true
            ? "watertight"
            : $"NOT watertight ({i.OpenEdges} open edges, {i.NonManifoldEdges} non-manifold, {i.MisorientedEdges} misoriented)";
        await output.WriteLineAsync($"mesh       {i.Triangles} triangles, {watertight}, {i.SolidsText}");
        if (material is not null)
        {
            await output.WriteLineAsync($"material   {material.Name} ({N(material.Density, "0")} kg/m³, {N(material.PricePerKg, "0.00")} USD/kg)");
            await output.WriteLineAsync($"mass       {N(i.MassKg!.Value, "0.######")} kg ({N(i.MassKg.Value * 1000, "0.##")} g)");
            await output.WriteLineAsync($"inertia    Ixx Iyy Izz Ixy Ixz Iyz = {string.Join(" ", i.InertiaKgM2!.Select(v => v.ToString("0.###e+0", CultureInfo.InvariantCulture)))} kg·m² (about the centroid)");
        }

        foreach (var warning in i.Diagnostics)
        {
            await output.WriteLineAsync($"note       {warning.Message}");
        }

        await output.WriteLineAsync($"sandbox    {isolation}");
    }
}
