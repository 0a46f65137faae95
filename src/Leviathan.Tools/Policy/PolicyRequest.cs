using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Policy;

/// <summary>One tool call to judge, with what the rules need to know about its run.</summary>
/// <param name="Call">The call as the model made it.</param>
/// <param name="Workspace">The absolute workspace directory.</param>
/// <param name="Network">Whether the run has the network.</param>
public sealed record PolicyRequest(ToolCall Call, string Workspace, bool Network);
