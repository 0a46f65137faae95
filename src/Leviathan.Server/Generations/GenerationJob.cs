using System.Globalization;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Persistence.Jobs;
using Leviathan.Server.Jobs;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Generations;

/// <summary>
/// Runs a generation job with the library's <see cref="BenchmarkGenerator"/>, as <c>leviathan bench generate</c> does, into
/// the job's folder under the server's home. A generation whose server died starts again from its first candidate.
/// </summary>
internal static class GenerationJob
{
    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    public static async Task<(string Outcome, string? Reason)> RunAsync(
        JobRecord job, GenerationPayload payload, RunLaunchDefaults defaults, ServerOptions options, SimulationClient simulation, TimeProvider time, CancellationToken cancellationToken)
    {
        IBenchmarkFamily? family = null;
        if (payload.Family is { } name && (family = BenchmarkFamilies.Find(name)) is null)
        {
            return ("error", $"this server has no benchmark family '{name}' (it has {BenchmarkFamilies.Names})");
        }

        Engineering.Parts.PartAnalyzer analyzer;
        try
        {
            analyzer = CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = Path.Combine(defaults.Home, "cache", "cad") }, defaults.Sandbox.Kind, defaults.Home);
        }
        catch (SandboxUnavailableException ex)
        {
            return ("error", $"the sandbox OpenSCAD runs in is not available: {ex.Message}");
        }

        var folder = GenerationFolder.For(defaults.Home, job.Id);
        folder.Reset();
        GenerationIndex index;
        try
        {
            index = await new BenchmarkGenerator(analyzer, simulation, time).GenerateAsync(
                new GeneratorOptions
                {
                    Count = payload.Count,
                    Seed = payload.Seed,
                    OutputDirectory = folder.Benchmarks,
                    Families = family is null ? BenchmarkFamilies.All : [family],
                    Workers = options.GenerationWorkers,
                    MaxCandidates = payload.MaxCandidates,
                    Level = payload.Level,
                    Solver = new SolverOptions { CacheDirectory = Path.Combine(defaults.Home, "cache", "solver"), Budget = TimeSpan.FromMinutes(10) },
                },
                folder,
                cancellationToken);
        }
        catch (SimulationException ex)
        {
            return ("error", $"MuJoCo's workers cannot run: {ex.Message}");
        }

        var rejected = string.Join(", ", index.Rejected.Where(r => r.Value > 0).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value} {r.Key}")));
        return index.Kept >= payload.Count
            ? (Succeeded, string.Create(CultureInfo.InvariantCulture, $"kept {index.Kept} of {payload.Count} after {index.Candidates.Count} candidate(s){(rejected.Length > 0 ? $" (rejected: {rejected})" : string.Empty)}"))
            : (Failed, string.Create(CultureInfo.InvariantCulture, $"kept {index.Kept} of {payload.Count}: the candidates ran out after {index.Candidates.Count} (rejected: {rejected}); raise max_candidates or change the seed"));
    }
}
