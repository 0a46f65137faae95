using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Policy;

/// <summary>A call waiting for approval and the rule that holds it back.</summary>
public sealed record PolicyApprovalRequest(ToolCall Call, PolicyDecision Decision);
