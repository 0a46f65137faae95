namespace Leviathan.Engineering.Processes;

/// <summary>
/// One external command run inside <see cref="Workspace"/>: the only folder it may write and, in a sandbox,
/// the only non-system folder it can rely on seeing (inputs are copied there first).
/// </summary>
public sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    string Workspace,
    TimeSpan Timeout);
