using System.ComponentModel;

namespace Leviathan.Agents.Tests.CountingTeam;

/// <summary>Arguments of <c>tally</c>.</summary>
public sealed record TallyArguments([property: Description("The next number of the count.")] int Number);
