using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Tools;

/// <summary>What one <c>cad_render</c> call draws: a benchmark and, when there is one, a solution whose part files are in <paramref name="SolutionDirectory"/>.</summary>
internal sealed record RenderSubject(PartAnalyzer Analyzer, BenchmarkSpec Benchmark, string BenchmarkDirectory, SolutionSpec? Solution, string SolutionDirectory);
