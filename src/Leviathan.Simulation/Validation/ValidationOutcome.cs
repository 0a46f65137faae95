namespace Leviathan.Simulation.Validation;

/// <summary>A worker's answer to <see cref="ValidateWork"/>.</summary>
internal sealed record ValidationOutcome(bool Compiled, IReadOnlyList<ModelFinding> Errors, IReadOnlyList<ModelFinding> Warnings, ValidationStats Stats);
