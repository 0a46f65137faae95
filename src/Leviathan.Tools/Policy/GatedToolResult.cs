using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Policy;

/// <summary>A call's result with the gate's verdict and the checkpoint taken before it, for the run's record.</summary>
/// <param name="Result">What the model sees.</param>
/// <param name="Verdict">The rule that decided, and who approved.</param>
/// <param name="SnapshotStep">The workspace checkpoint taken before a mutating call; null otherwise.</param>
public sealed record GatedToolResult(ToolResult Result, PolicyVerdict Verdict, int? SnapshotStep);
