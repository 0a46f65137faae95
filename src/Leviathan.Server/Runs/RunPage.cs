using System.ComponentModel;

namespace Leviathan.Server.Runs;

/// <summary>One page of runs, newest first.</summary>
internal sealed record RunPage(
    IReadOnlyList<RunResource> Items,
    [property: Description("Pass as cursor to get the next page; null on the last page.")] string? NextCursor);
