using System.ComponentModel;
using Leviathan.Server.Jobs;

namespace Leviathan.Server.Generations;

/// <summary>A benchmark generation: its job, what it was asked for, how far it got, and every candidate tried so far.</summary>
internal sealed record GenerationResource(
    [property: Description("The generation's job (cancel it with POST /v1/jobs/{id}/cancel). Its outcome when done: succeeded (count kept), failed (the candidates ran out first), cancelled or error.")] JobResource Job,
    int Count,
    long Seed,
    [property: Description("The family asked for; null: all.")] string? Family,
    int? Level,
    [property: Description("Candidates tried so far.")] int Attempted,
    [property: Description("Benchmarks kept so far.")] int Kept,
    [property: Description("The tar.gz of the kept benchmarks (one folder each with benchmark.json, scene.xml and reference/, plus index.json), once the generation is done and kept at least one; null before.")] string? Archive,
    IReadOnlyList<GenerationCandidateResource> Candidates,
    [property: Description("One entry per restart: a generation whose server stopped resumes in its next attempt (job.attempts) with the candidates and kept benchmarks of the interrupted one; empty when it ran in one go.")] IReadOnlyList<GenerationResumeResource> Resumes);
