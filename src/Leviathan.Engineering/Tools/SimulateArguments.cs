using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Engineering.Tools;

/// <summary>Arguments of <c>simulate</c>.</summary>
public sealed record SimulateArguments(
    [property: Description("Seeded jitter samples to simulate (default 8, as the final evaluation); the nominal start and the jitter corners are always added.")]
    [property: Range(1, 64)]
    int? Samples = null);
