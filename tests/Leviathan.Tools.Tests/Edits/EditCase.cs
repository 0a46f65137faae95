namespace Leviathan.Tools.Tests.Edits;

/// <summary>
/// One row of an edit table: the files before, the edit, and either the files after (null content
/// means deleted) or the fragments every refusal message must contain.
/// </summary>
public sealed record EditCase(
    string Name,
    IReadOnlyDictionary<string, string> Before,
    string Edit,
    IReadOnlyDictionary<string, string?>? After = null,
    IReadOnlyList<string>? Refusals = null,
    string? Note = null)
{
    public override string ToString() => Name;
}
