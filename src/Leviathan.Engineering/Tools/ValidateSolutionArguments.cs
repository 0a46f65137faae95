namespace Leviathan.Engineering.Tools;

/// <summary>Arguments of <c>validate_solution</c>: none; it checks the solution folder's solution.json.</summary>
public sealed record ValidateSolutionArguments;
