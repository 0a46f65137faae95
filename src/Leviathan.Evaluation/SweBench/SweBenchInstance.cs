namespace Leviathan.Evaluation.SweBench;

/// <summary>The fields of one SWE-bench instance the import uses.</summary>
/// <param name="InstanceId">For example <c>astropy__astropy-12907</c>; becomes the task id.</param>
/// <param name="Repo">The GitHub repository, <c>owner/name</c>; its local clone is looked up under the repos folder.</param>
/// <param name="BaseCommit">The commit the attempt starts from.</param>
/// <param name="ProblemStatement">The issue text; becomes the goal.</param>
/// <param name="TestPatch">The diff that adds the tests; applied to the base commit, the files it touches become <c>hidden/</c>.</param>
/// <param name="FailToPass">Tests a fix must make pass.</param>
/// <param name="PassToPass">Tests a fix must keep passing.</param>
/// <param name="Patch">The gold patch; becomes the reference fix when present.</param>
public sealed record SweBenchInstance(
    string InstanceId,
    string Repo,
    string BaseCommit,
    string ProblemStatement,
    string TestPatch,
    IReadOnlyList<string> FailToPass,
    IReadOnlyList<string> PassToPass,
    string? Patch);
