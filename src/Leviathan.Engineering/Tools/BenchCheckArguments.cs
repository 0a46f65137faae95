namespace Leviathan.Engineering.Tools;

/// <summary>Arguments of <c>bench_check</c>: none; it checks the workspace's benchmark.json and reference/.</summary>
public sealed record BenchCheckArguments;
