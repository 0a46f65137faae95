namespace Leviathan.Tools.Policy;

/// <summary>One compiled rule.</summary>
internal sealed record PolicyRule(
    string Id,
    PolicyAction Action,
    string Reason,
    IReadOnlyList<string> Tools,
    bool? Network,
    IReadOnlyList<PolicyPattern> Commands,
    IReadOnlyList<PolicyPattern> Paths,
    string? Check,
    string Source)
{
    public bool HasMatchers => Commands.Count > 0 || Paths.Count > 0 || Check is not null;
}
