using System.ComponentModel;

namespace Leviathan.Server.Evaluations;

/// <summary>A page of evaluations, newest first.</summary>
internal sealed record EvaluationPage(
    IReadOnlyList<EvaluationResource> Items,
    [property: Description("Pass as cursor for the next page; null on the last page.")] string? NextCursor);
