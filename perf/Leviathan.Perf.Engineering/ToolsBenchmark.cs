using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Processes;
using Leviathan.Engineering.Tools;
using Leviathan.Simulation;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Workspace;

namespace Leviathan.Perf.Engineering;

/// <summary>
/// The engineering tools as an agent calls them (JSON through a tool set): <c>validate_solution</c> on the 3-part
/// example with a warm CAD cache, and <c>simulate</c> with 8 samples of the example benchmark stretched to 5 s.
/// Run: dotnet run -c Release --project perf/Leviathan.Perf.Engineering -- --tools [--rounds N]
/// </summary>
internal static class ToolsBenchmark
{
    public static async Task RunAsync(string root, int rounds)
    {
        var temp = Directory.CreateTempSubdirectory("leviathan-perf-tools-").FullName;
        try
        {
            // The ramp benchmark with a 5 s time limit (the payload settles in the goal long before).
            var benchmark = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "examples", "benchmarks", "ramp-to-goal.json")))!;
            benchmark["objective"]!["time_limit"] = 5.0;
            var benchmarkPath = Path.Combine(temp, "ramp-5s.json");
            await File.WriteAllTextAsync(benchmarkPath, benchmark.ToJsonString());
            var workspace = Path.Combine(temp, "solution");
            Directory.CreateDirectory(workspace);
            foreach (var file in Directory.GetFiles(Path.Combine(root, "examples", "solutions", "ramp-to-goal")))
            {
                File.Copy(file, Path.Combine(workspace, Path.GetFileName(file)));
            }

            using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = Environment.ProcessorCount });
            await simulation.WarmUpAsync(Environment.ProcessorCount, CancellationToken.None);
            var analyzer = new PartAnalyzer(new OpenScadClient(new CadOptions { CacheDirectory = Path.Combine(temp, "cad") }, ProcessRunners.Create(new SandboxOptions())));
            var workbench = new PhysicsWorkbench(benchmarkPath, analyzer, simulation, TimeProvider.System, new EvaluationOptions());
            var tools = new ToolSet(PhysicsTools.Engineer(workbench, vision: false));
            var context = new ToolContext(new WorkspaceRoot(workspace));

            var cold = await TimeAsync(tools, context, ValidateSolutionTool.ToolName, "{}");
            var validate = new List<double>();
            var simulate = new List<double>();
            string? starts = null;
            for (var round = 0; round < rounds; round++)
            {
                validate.Add(await TimeAsync(tools, context, ValidateSolutionTool.ToolName, "{}"));
                var started = TimeProvider.System.GetTimestamp();
                var result = await tools.InvokeAsync(new ToolCall(SimulateTool.ToolName, """{"samples": 8}"""), context, CancellationToken.None);
                simulate.Add(TimeProvider.System.GetElapsedTime(started).TotalSeconds);
                if (!result.Text.StartsWith("SUCCESS", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("simulate did not succeed: " + result.Text);
                }

                starts = result.Text[..result.Text.IndexOf('\n', StringComparison.Ordinal)];
                var timings = result.StructuredContent!["timings"]!;
                Console.WriteLine($"  simulate round {round}: {timings.ToJsonString()}");
            }

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; rounds {rounds}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate_solution, 3 parts, cold CAD cache: {cold * 1000:0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate_solution, 3 parts, warm CAD cache: median {Median(validate) * 1000:0.0} ms, max {validate.Max() * 1000:0.0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulate samples=8, 5 s benchmark ({starts}): median {Median(simulate) * 1000:0} ms, max {simulate.Max() * 1000:0} ms"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(ToolSet tools, ToolContext context, string tool, string arguments)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await tools.InvokeAsync(new ToolCall(tool, arguments), context, CancellationToken.None);
        if (result.IsError || !result.Text.StartsWith("VALID", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{tool} failed: {result.Text}");
        }

        return TimeProvider.System.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
