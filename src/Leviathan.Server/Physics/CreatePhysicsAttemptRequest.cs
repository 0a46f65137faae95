using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Physics;

/// <summary>The body of <c>POST /v1/physics/attempts</c>: the physics team's attempt at a benchmark on this server.</summary>
internal sealed record CreatePhysicsAttemptRequest : IRequestBody
{
    [Description("Absolute path of the benchmark under one of the server's serve.workspace_roots: its JSON file, or a folder with benchmark.json (as 'bench generate' writes, e.g. unpacked with POST /v1/workspaces/archive). The server copies the benchmark (and its mesh files) when the attempt is queued; nothing else of the folder is shown to the team.")]
    [StringLength(4096, MinimumLength = 1)]
    [RegularExpression("^/.*$")]
    public required string Benchmark { get; init; }

    [Description("Seeded jitter samples of the final evaluation (plus the nominal start and the jitter corners); all must pass. Default 8.")]
    [Range(1, 100)]
    public int? Samples { get; init; }

    [Description("The model profile every role uses; default: each role's route in the server's configuration.")]
    [StringLength(100, MinimumLength = 1)]
    public string? Profile { get; init; }

    [Description("The most agent steps the run may take.")]
    [Range(1, 1000)]
    public int? MaxSteps { get; init; }
}
