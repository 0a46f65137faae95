using System.Text.Json;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>
/// Keeps a proven benchmark in the layout of <c>bench generate</c>: <c>DIR/&lt;id&gt;/benchmark.json</c>, <c>scene.xml</c>,
/// <c>reference/</c> (solution, parts, <c>evaluation.json</c>, <c>scene.xml</c>) and an entry in <c>DIR/index.json</c>
/// that says who proved it solvable, so <c>bench check DIR/&lt;id&gt;</c> proves it again from its files.
/// </summary>
public sealed class BenchmarkPublisher(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    /// <summary>The family <c>index.json</c> lists benchmarks written by the benchmark team under, besides their own.</summary>
    public const string Family = "team";

    /// <summary>Moves the staged proof to <c>DIR/&lt;id&gt;</c>, writes its scenes and adds it to <c>DIR/index.json</c>.</summary>
    /// <returns>The benchmark's folder and its index entry.</returns>
    /// <exception cref="IOException">The folder exists already (another run kept a benchmark with the same id meanwhile).</exception>
    public async Task<(string Folder, CandidateRecord Record)> PublishAsync(BenchmarkProof proof, string outputDirectory, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var benchmark = proof.Benchmark;
        var folder = Path.Combine(Path.GetFullPath(outputDirectory), benchmark.Id);
        if (Path.Exists(folder))
        {
            throw new IOException($"{folder} exists: the benchmark '{benchmark.Id}' was kept by another run meanwhile; its proven copy is in {proof.Folder}");
        }

        Directory.Move(proof.Folder, folder);

        // Scenes name the meshes by absolute path, so they are written where the benchmark stays.
        var reference = Path.Combine(folder, BenchmarkGenerator.ReferenceFolder);
        await new BenchmarkVerifier(analyzer, simulation, time).WriteReferenceSceneAsync(benchmark, folder, reference, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, BenchmarkGenerator.SceneFile), SceneBuilder.Environment(benchmark, folder) + "\n", cancellationToken).ConfigureAwait(false);

        var solution = SolutionLoader.Load(reference, benchmark);
        var report = proof.Reference;
        var written = await GenerationIndexFile.UpdateAsync(
            outputDirectory,
            current =>
            {
                var index = current ?? new GenerationIndex { Seed = benchmark.Seed, Count = 0, Families = [], Candidates = [] };
                var record = new CandidateRecord
                {
                    Index = index.Candidates.Count == 0 ? 0 : index.Candidates.Max(c => c.Index) + 1,
                    Id = benchmark.Id,
                    Family = Family,
                    Seed = benchmark.Seed,
                    Kept = true,
                    Detail = proof.Detail,
                    SolverCandidates = proof.SolverCandidates,
                    Seconds = proof.Seconds,
                    ReferenceParts = solution.Parts.Count,
                    ReferenceMotors = solution.Controls.Select(c => c.Motor).Distinct(StringComparer.Ordinal).Count(),
                    ReferenceProcesses = solution.Parts.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Process.ToString())).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    CostTightness = Math.Round(benchmark.Limits.MaxUnitCost / Math.Max(report.UnitCost ?? 0, 1e-9), 3),
                    WeightTightness = Math.Round(benchmark.Limits.MaxWeight / Math.Max(report.WeightKg ?? 0, 1e-9), 3),
                    ProvenBy = proof.ProvenBy,
                    RunId = runId,
                };
                return index with
                {
                    Count = index.Count + 1,
                    Families = index.Families.Contains(Family, StringComparer.Ordinal) ? index.Families : [.. index.Families, Family],
                    Candidates = [.. index.Candidates, record],
                };
            },
            time,
            cancellationToken).ConfigureAwait(false);
        return (folder, written.Candidates[^1]);
    }
}
