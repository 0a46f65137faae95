using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Physics;

/// <summary>The body of <c>POST /v1/physics/validate</c>: a self-contained MJCF document (no files it refers to).</summary>
internal sealed record ValidateModelRequest : IRequestBody
{
    [Description("The MJCF XML text. It may not refer to files (meshes, textures, includes): the server has none to give it.")]
    [MinLength(1)]
    public required string Mjcf { get; init; }

    [Description("Physics steps to run looking for instability, 0 to 100000 (default 500).")]
    [Range(0, 100_000)]
    public int? Frames { get; init; }

    [Description("Largest geom overlap at t = 0 that is accepted, in millimetres, 0 to 1000 (default 1).")]
    [Range(0.0, 1000.0)]
    public double? PenetrationToleranceMm { get; init; }

    [Description("Any joint speed above this counts as instability, greater than 0 and at most 1e9 (default 1000).")]
    [Range(1e-9, 1e9)]
    public double? MaxSpeed { get; init; }
}
