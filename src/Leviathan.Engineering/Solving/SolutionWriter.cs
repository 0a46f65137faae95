using System.Text.Json;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Solving;

/// <summary>Writes a candidate as a solution folder: one OpenSCAD box (drafted and cored when moulded) per part (millimetres, its role in a comment), each with its own material and process, and solution.json.</summary>
internal static class SolutionWriter
{
    public static async Task<SolutionSpec> WriteAsync(Candidate candidate, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder, "*.scad"))
        {
            File.Delete(stale);
        }

        var parts = new List<PartSpec>();
        foreach (var part in candidate.Parts)
        {
            var file = part.Name + ".scad";
            await File.WriteAllTextAsync(Path.Combine(folder, file), $"// {part.Role}, made by the baseline solver\n" + PartSolid.Scad(part), cancellationToken);
            parts.Add(new PartSpec
            {
                Name = part.Name,
                File = file,
                Material = part.Making.Material.Id,
                Process = part.Making.Process,
                Position = part.Position.ToArray(),
                Rotation = part.Rotation.ToArray(),
                Mount = part.Mount,
                Hinge = part.Hinge,
            });
        }

        var solution = new SolutionSpec { Version = SolutionSpec.CurrentVersion, Parts = parts, Motors = candidate.Anchors, Controls = candidate.Controls };
        await File.WriteAllTextAsync(Path.Combine(folder, SolutionLoader.FileName), JsonSerializer.Serialize(solution, EngineeringJsonContext.Default.SolutionSpec) + "\n", cancellationToken);
        return solution;
    }
}
