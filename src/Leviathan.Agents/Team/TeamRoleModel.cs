using Leviathan.Models.Accounting;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Team;

/// <summary>The model a role talks to: the client, the profile's name and its context window in tokens.</summary>
public sealed record TeamRoleModel(IChatClient Client, string ProfileName, int ContextWindow)
{
    /// <summary>
    /// Counts the role's prompts with the model's tokenizer (<see cref="TokenCounters.For"/>) when fitting them into
    /// <see cref="ContextWindow"/>; null keeps the character estimate.
    /// </summary>
    public ITokenCounter? TokenCounter { get; init; }

    /// <summary>The model can see images: the images a tool result carries are sent to it as image content.</summary>
    public bool Vision { get; init; }
}
