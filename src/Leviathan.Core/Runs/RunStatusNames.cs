namespace Leviathan.Core.Runs;

/// <summary>
/// The snake_case names of <see cref="RunStatus"/> used in storage, exports, the CLI and the API.
/// </summary>
public static class RunStatusNames
{
    private static readonly Dictionary<RunStatus, string> Names = new()
    {
        [RunStatus.Pending] = "pending",
        [RunStatus.Running] = "running",
        [RunStatus.Succeeded] = "succeeded",
        [RunStatus.FailedVerification] = "failed_verification",
        [RunStatus.Refused] = "refused",
        [RunStatus.Stuck] = "stuck",
        [RunStatus.BudgetExhausted] = "budget_exhausted",
        [RunStatus.Cancelled] = "cancelled",
        [RunStatus.Error] = "error",
    };

    private static readonly Dictionary<string, RunStatus> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every accepted name, in taxonomy order.</summary>
    public static IReadOnlyCollection<string> All => Names.Values;

    /// <summary>The wire name of a status.</summary>
    public static string ToName(this RunStatus status) => Names[status];

    /// <summary>Parses a wire name; false when it is not one.</summary>
    public static bool TryParse(string? name, out RunStatus status) =>
        ByName.TryGetValue(name ?? string.Empty, out status);

    /// <summary>True for statuses a run ends with.</summary>
    public static bool IsTerminal(this RunStatus status) => status is not (RunStatus.Pending or RunStatus.Running);
}
