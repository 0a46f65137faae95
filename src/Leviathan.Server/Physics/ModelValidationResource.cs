using System.ComponentModel;

namespace Leviathan.Server.Physics;

/// <summary>The verdict on a model: valid when there are no errors (warnings are allowed).</summary>
internal sealed record ModelValidationResource(
    bool Valid,
    [property: Description("MuJoCo compiled the model (errors after that come from the simulation checks).")] bool Compiled,
    IReadOnlyList<ModelFindingResource> Errors,
    IReadOnlyList<ModelFindingResource> Warnings,
    ModelStatsResource Stats);
