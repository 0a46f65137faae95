namespace Leviathan.Simulation.Validation;

/// <summary>What a worker needs to check a model that passed the pre-checks.</summary>
internal sealed record ValidateWork(ModelSource Model, int Frames, double PenetrationToleranceMm, double MaxSpeed);
