using System.ComponentModel;

namespace Leviathan.Server.Generations;

/// <summary>A later attempt of a generation whose server stopped: what it took over from the interrupted one.</summary>
internal sealed record GenerationResumeResource(
    [property: Description("The job's attempt that resumed (2 for the first restart).")] int Attempt,
    [property: Description("Candidates the interrupted attempts had decided, carried over as they were (not tried again).")] int Candidates,
    [property: Description("Benchmarks the interrupted attempts had kept, carried over untouched and counted.")] int Kept,
    [property: Description("Why nothing could be taken over and the generation started over from its first candidate; null when it resumed.")] string? StartedOver);
