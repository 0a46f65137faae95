namespace Leviathan.Evaluation.Suites;

/// <summary>Starting files taken from a commit of a local git repository instead of a <c>repo/</c> folder.</summary>
/// <param name="Repository">The absolute path of the local clone (a work tree or a bare repository).</param>
/// <param name="Commit">The commit whose tree is the starting files.</param>
public sealed record GitSource(string Repository, string Commit);
