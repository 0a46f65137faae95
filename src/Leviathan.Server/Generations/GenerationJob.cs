using System.Globalization;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Persistence.Jobs;
using Leviathan.Server.Jobs;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Generations;

/// <summary>
/// Runs a generation job with the library's <see cref="BenchmarkGenerator"/>, as <c>leviathan bench generate</c> does, into
/// the job's folder under the server's home. A generation whose server died resumes in the job's next attempt: the
/// candidates it had decided and the benchmarks it had kept are carried over as they are (a benchmark half-written when the
/// server died is removed and proven again), and it goes on with the next candidates, so the result is the one an
/// uninterrupted generation gives.
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
            analyzer = defaults.CreateAnalyzer();
        }
        catch (SandboxUnavailableException ex)
        {
            return ("error", $"the sandbox OpenSCAD runs in is not available: {ex.Message}");
        }

        var folder = GenerationFolder.For(defaults.Home, job.Id);
        var generator = new BenchmarkGenerator(analyzer, simulation, time);
        var generation = Options(payload, family, defaults, options, folder);
        if (job.Attempts > 1 && folder.HasEarlierWork)
        {
            // An earlier attempt's server stopped: take over what it decided and kept, go on with the next candidates.
            generation = generation with { Resume = true, OnResume = point => folder.RecordResume(new GenerationResumeResource(job.Attempts, point.Candidates, point.Kept, null)) };
        }
        else
        {
            folder.Reset();
            if (job.Attempts > 1)
            {
                folder.RecordResume(new GenerationResumeResource(job.Attempts, 0, 0, "the interrupted attempt had not started its first candidate; started from it"));
            }
        }

        GenerationIndex index;
        try
        {
            try
            {
                index = await generator.GenerateAsync(generation, null, cancellationToken);
            }
            catch (GenerationResumeException ex) when (generation.Resume)
            {
                // What the interrupted attempt left cannot be taken over (its journal is damaged, or this server generates
                // with other settings since): start over, and say so, rather than keep benchmarks of other settings.
                folder.RecordResume(new GenerationResumeResource(job.Attempts, 0, 0, $"{ex.Message}; started over from the first candidate"));
                folder.Reset();
                index = await generator.GenerateAsync(generation with { Resume = false, OnResume = null }, null, cancellationToken);
            }
        }
        catch (SimulationException ex)
        {
            return ("error", $"MuJoCo's workers cannot run: {ex.Message}");
        }

        var rejected = string.Join(", ", index.Rejected.Where(r => r.Value > 0).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value} {r.Key}")));
        var resumes = folder.ReadResumes();
        var carried = resumes.Count == 0 ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; resumed {resumes.Count} time(s) after its server stopped, carrying over {resumes[^1].Kept} kept benchmark(s) and {resumes[^1].Candidates} decided candidate(s)");
        return index.Kept >= payload.Count
            ? (Succeeded, string.Create(CultureInfo.InvariantCulture, $"kept {index.Kept} of {payload.Count} after {index.Candidates.Count} candidate(s){(rejected.Length > 0 ? $" (rejected: {rejected})" : string.Empty)}{carried}"))
            : (Failed, string.Create(CultureInfo.InvariantCulture, $"kept {index.Kept} of {payload.Count}: the candidates ran out after {index.Candidates.Count} (rejected: {rejected}); raise max_candidates or change the seed{carried}"));
    }

    /// <summary>The generator's options for a job: the same for every attempt of it, so that a resumed attempt continues the interrupted one.</summary>
    internal static GeneratorOptions Options(GenerationPayload payload, IBenchmarkFamily? family, RunLaunchDefaults defaults, ServerOptions options, GenerationFolder folder) => new()
    {
        Count = payload.Count,
        Seed = payload.Seed,
        OutputDirectory = folder.Benchmarks,
        Families = family is null ? BenchmarkFamilies.All : [family],
        Workers = options.GenerationWorkers,
        MaxCandidates = payload.MaxCandidates,
        Level = payload.Level,
        Solver = payload.SolverCandidates is { } screened
            ? new SolverOptions { CacheDirectory = Path.Combine(defaults.Home, "cache", "solver"), Budget = TimeSpan.FromMinutes(10), HingedRamps = payload.HingedRamps, MaxCandidates = screened }
            : new SolverOptions { CacheDirectory = Path.Combine(defaults.Home, "cache", "solver"), Budget = TimeSpan.FromMinutes(10), HingedRamps = payload.HingedRamps },
    };
}
