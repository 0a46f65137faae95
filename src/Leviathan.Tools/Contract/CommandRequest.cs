namespace Leviathan.Tools.Contract;

/// <summary>One command to run inside the workspace.</summary>
/// <param name="Arguments">The argument vector; the first element is the program. A shell line is <c>["/bin/sh", "-c", line]</c>.</param>
/// <param name="WorkingDirectory">An absolute directory inside the workspace.</param>
/// <param name="Timeout">Wall-clock limit after which the whole process tree is killed.</param>
public sealed record CommandRequest(IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Timeout)
{
    /// <summary>Whether the command may reach the network.</summary>
    public bool Network { get; init; }

    /// <summary>Extra environment variables on top of the runner's allow-list.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
