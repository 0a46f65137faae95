using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Validation;

/// <summary>The verdict on one model: valid when there are no errors (warnings are allowed).</summary>
public sealed record ValidationReport
{
    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("valid")]
    public bool Valid => Errors.Count == 0;

    /// <summary>MuJoCo compiled the model (errors after that come from the simulation checks).</summary>
    [JsonPropertyName("compiled")]
    public bool Compiled { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<ModelFinding> Errors { get; init; } = [];

    [JsonPropertyName("warnings")]
    public IReadOnlyList<ModelFinding> Warnings { get; init; } = [];

    [JsonPropertyName("stats")]
    public ValidationStats Stats { get; init; } = new();
}
