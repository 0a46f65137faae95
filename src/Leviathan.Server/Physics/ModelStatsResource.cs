namespace Leviathan.Server.Physics;

/// <summary>Sizes of the compiled model and how far the stability check ran.</summary>
internal sealed record ModelStatsResource(int Nbody, int Ngeom, int Njnt, int Nu, int Frames, double SimTimeS, double MaxPenetrationMm);
