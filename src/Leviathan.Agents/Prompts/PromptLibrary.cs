namespace Leviathan.Agents.Prompts;

/// <summary>The prompt templates of the software team.</summary>
public static class PromptLibrary
{
    private static readonly Lazy<PromptTemplate> PlannerTemplate = new(() => PromptTemplate.Load(TeamRoles.Planner));
    private static readonly Lazy<PromptTemplate> EngineerTemplate = new(() => PromptTemplate.Load(TeamRoles.Engineer));
    private static readonly Lazy<PromptTemplate> CriticTemplate = new(() => PromptTemplate.Load(TeamRoles.Critic));

    public static PromptTemplate Planner => PlannerTemplate.Value;

    public static PromptTemplate Engineer => EngineerTemplate.Value;

    public static PromptTemplate Critic => CriticTemplate.Value;

    /// <summary>The versions in use, by role, as recorded on a run.</summary>
    public static IReadOnlyDictionary<string, string> Versions => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TeamRoles.Planner] = Planner.VersionTag,
        [TeamRoles.Engineer] = Engineer.VersionTag,
        [TeamRoles.Critic] = Critic.VersionTag,
    };
}
