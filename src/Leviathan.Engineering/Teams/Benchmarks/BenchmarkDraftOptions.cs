using Leviathan.Engineering.Generation;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>Where a benchmark team's draft is proven and kept, and how hard the baseline solver tries.</summary>
public sealed record BenchmarkDraftOptions
{
    /// <summary>The output folder: a kept benchmark goes to <c>&lt;OutputDirectory&gt;/&lt;id&gt;/</c> with an entry in its <c>index.json</c>, as <c>bench generate</c> writes them.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// Where the orchestrator copies the draft to prove it, outside the workspace: the agents cannot change what is being
    /// proven, and what is kept is exactly what was proven.
    /// </summary>
    public required string ProofDirectory { get; init; }

    /// <summary>Candidates the baseline solver may screen when the team's reference does not prove the benchmark solvable; 0 = the team's reference only.</summary>
    public int SolverBudget { get; init; } = 1000;

    /// <summary>The baseline solver lays sloped ramps as flaps on passive hinges (<see cref="Solving.SolverOptions.HingedRamps"/>).</summary>
    public bool HingedRamps { get; init; }

    /// <summary>Wall-clock cap of the baseline solver's search.</summary>
    public TimeSpan SolverTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the baseline solver keeps its screening meshes.</summary>
    public required string SolverCache { get; init; }

    /// <summary>The proofs' options: the defaults are what <c>bench check</c> proves.</summary>
    public VerificationOptions Verification { get; init; } = new();
}
