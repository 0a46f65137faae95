using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Tools;

/// <summary>What one <c>cad_render</c> call draws.</summary>
/// <param name="Analyzer">Renders the parts and the scene.</param>
/// <param name="Benchmark">The benchmark whose environment is drawn.</param>
/// <param name="BenchmarkDirectory">Where the benchmark's mesh files are.</param>
/// <param name="Solution">The solution whose parts are drawn; null when there is none yet.</param>
/// <param name="SolutionDirectory">Where the solution's part files are.</param>
/// <param name="WithEnvironment">Whether the environment is drawn when the call does not say (a draft benchmark is the subject itself).</param>
internal sealed record RenderSubject(PartAnalyzer Analyzer, BenchmarkSpec Benchmark, string BenchmarkDirectory, SolutionSpec? Solution, string SolutionDirectory, bool WithEnvironment = false);
