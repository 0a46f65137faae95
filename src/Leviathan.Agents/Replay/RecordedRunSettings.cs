using System.Text.Json;
using Leviathan.Agents.Prompts;
using Leviathan.Core.Tracing;

namespace Leviathan.Agents.Replay;

/// <summary>The settings a run was started with, as recorded in its first status event.</summary>
/// <param name="VerifyCommand">The verification command (software team); null = none.</param>
public sealed record RecordedRunSettings(string? VerifyCommand)
{
    /// <summary>What the team was built from (<see cref="Team.TeamDefinition.Settings"/>); empty when the run recorded none.</summary>
    public IReadOnlyDictionary<string, string> TeamSettings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

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
        var root = document.RootElement;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("team_settings", out var team) && team.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in team.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                settings[property.Name] = property.Value.GetString()!;
            }
        }

        return new RecordedRunSettings(root.TryGetProperty("verify_command", out var verify) && verify.ValueKind == JsonValueKind.String ? verify.GetString() : null)
        {
            TeamSettings = settings,
        };
    }
}
