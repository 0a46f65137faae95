namespace Leviathan.Engineering.Processes;

/// <summary>One external command: what to run, where, which folders it may write, and how long it may take.</summary>
public sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    TimeSpan Timeout)
{
    /// <summary>Folders besides the working directory the command reads (input files).</summary>
    public IReadOnlyList<string> ReadablePaths { get; init; } = [];
}
