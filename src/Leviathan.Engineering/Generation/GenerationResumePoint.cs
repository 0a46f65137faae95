namespace Leviathan.Engineering.Generation;

/// <summary>
/// Where a resumed generation picked up: the candidates an interrupted run had decided and the benchmarks it had kept,
/// carried over as they were (<see cref="Finished"/>: the folder already held the finished index, nothing was left to do).
/// </summary>
public sealed record GenerationResumePoint(int Candidates, int Kept, bool Finished);
