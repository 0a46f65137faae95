using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Generations;

/// <summary>The body of <c>POST /v1/physics/generations</c>: generated benchmarks, each proven valid, non-trivial and solvable.</summary>
internal sealed record CreateGenerationRequest : IRequestBody
{
    [Description("Benchmarks to keep (at most serve.max_generation_count, 20 by default).")]
    [Range(1, 100)]
    public required int Count { get; init; }

    [Description("Seed: the same seed and options give the same benchmarks.")]
    [Range(0, int.MaxValue)]
    public required long Seed { get; init; }

    [Description("The one family to draw from (drop, gap, lift, push, flip, relay, conveyor, gate, chute, …; 422 names the server's families); default: all, in turn.")]
    [StringLength(40, MinimumLength = 1)]
    public string? Family { get; init; }

    [Description("Keep only benchmarks of this difficulty level (0-5); others are listed as other_level.")]
    [Range(0, 5)]
    public int? Level { get; init; }

    [Description("Candidates tried at most; default 6 × count.")]
    [Range(1, 1000)]
    public int? MaxCandidates { get; init; }

    [Description("Lay the baseline solver's sloped ramps as flaps on passive hinges when it proves each candidate solvable (the CLI's --hinged-ramps); default false.")]
    public bool HingedRamps { get; init; }

    [Description("Candidates the baseline solver screens per benchmark (the CLI's --solver-candidates, at least 1); default 1000.")]
    [Range(1, int.MaxValue)]
    public int? SolverCandidates { get; init; }
}
