namespace Leviathan.Agents.Prompts;

/// <summary>The role names used in traces and model routes.</summary>
public static class TeamRoles
{
    public const string Planner = "planner";
    public const string Engineer = "engineer";
    public const string Critic = "critic";
    public const string Orchestrator = "orchestrator";
}
