namespace Leviathan.Engineering.Generation;

/// <summary>Why a generation's families and levels can never give the set asked for, and what to ask instead.</summary>
/// <param name="Message">Which families cannot reach which levels, and what each family can reach.</param>
/// <param name="Hint">What to change: the families to leave out or add, or the levels to ask for.</param>
public sealed record LevelRefusal(string Message, string Hint);
