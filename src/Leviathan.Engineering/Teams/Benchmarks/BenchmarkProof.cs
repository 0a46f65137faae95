using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>A draft the orchestrator proved valid, non-trivial and solvable, staged as a complete benchmark folder.</summary>
/// <param name="Benchmark">The proven benchmark.</param>
/// <param name="Folder">The staged folder: <c>benchmark.json</c>, <c>scene.xml</c>, <c>reference/</c> (with its <c>evaluation.json</c> and <c>scene.xml</c>) and any mesh files.</param>
/// <param name="ProvenBy">Who proved it solvable (<see cref="Generation.SolvabilityProof"/>).</param>
/// <param name="Reference">The reference solution's full evaluation.</param>
/// <param name="Detail">The three proofs in one line, as <c>index.json</c> records them.</param>
/// <param name="SolverCandidates">Candidates the baseline solver screened (0 when it did not run).</param>
/// <param name="Seconds">Wall-clock seconds of the proof.</param>
public sealed record BenchmarkProof(BenchmarkSpec Benchmark, string Folder, string ProvenBy, EvaluationReport Reference, string Detail, int SolverCandidates, double Seconds);
