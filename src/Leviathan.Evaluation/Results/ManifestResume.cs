namespace Leviathan.Evaluation.Results;

/// <summary>One resumption of an interrupted evaluation (<c>--resume</c>, or a service job started again after its server stopped).</summary>
/// <param name="At">When it resumed.</param>
/// <param name="Kept">Finished attempts kept from before.</param>
/// <param name="Rerun">Attempts to run (again): those that never ended, were cancelled, or met an infrastructure failure.</param>
public sealed record ManifestResume(DateTimeOffset At, int Kept, int Rerun);
