using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Team;

/// <summary>The model a role talks to: the client, the profile's name and its context window in tokens.</summary>
public sealed record TeamRoleModel(IChatClient Client, string ProfileName, int ContextWindow)
{
    /// <summary>The model can see images: the images a tool result carries are sent to it as image content.</summary>
    public bool Vision { get; init; }
}
