using System.Text.Json;
using Leviathan.Agents.Prompts;
using Leviathan.Core.Tracing;

namespace Leviathan.Agents.Replay;

/// <summary>The settings a run was started with, as recorded in its first status event.</summary>
public sealed record RecordedRunSettings(string? VerifyCommand)
{
    /// <summary>Reads the settings from a run's events.</summary>
    public static RecordedRunSettings From(IReadOnlyList<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var first = events.FirstOrDefault(e => e.Kind == EventKind.Status && e.Role == TeamRoles.Orchestrator);
        if (first is null)
        {
            return new RecordedRunSettings(VerifyCommand: null);
        }

        using var document = JsonDocument.Parse(first.PayloadJson);
        return new RecordedRunSettings(
            document.RootElement.TryGetProperty("verify_command", out var verify) && verify.ValueKind == JsonValueKind.String ? verify.GetString() : null);
    }
}
