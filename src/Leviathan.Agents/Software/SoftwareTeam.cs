using Leviathan.Agents.Prompts;
using Leviathan.Agents.Team;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Standard;
using Leviathan.Tools.Workspace;

namespace Leviathan.Agents.Software;

/// <summary>
/// The software team: the planner reads the workspace and writes the TODO list, the engineer edits files and runs
/// commands in the sandbox, the orchestrator runs the task's verification command, the critic reviews the run's diff.
/// </summary>
public static class SoftwareTeam
{
    /// <summary>The team name recorded on runs.</summary>
    public const string Name = "software";

    /// <summary>The reason a run that nothing verified (<c>--no-verify</c>) ends <c>succeeded</c> with, before the critic's reasons.</summary>
    public const string NotVerifiedReason = "not verified: accepted by the critic";

    /// <summary>The verification result of a run started with <c>--no-verify</c>.</summary>
    public const string NotVerified = "not run (--no-verify): nothing was run to prove the change";

    /// <summary>The software team's definition; the verification command is the run's <see cref="TeamOptions.VerifyCommand"/>.</summary>
    public static TeamDefinition Create() => new()
    {
        Name = Name,
        Planner = new TeamRole(TeamRoles.Planner, PromptLibrary.Planner, static run => [.. ReadOnlyTools(), run.Control.TodoWrite()]),
        Worker = new TeamRole(TeamRoles.Engineer, PromptLibrary.Engineer, static run =>
        [
            .. StandardTools.Create(),
            new RunCommandTool(run.Options.Network),
            run.Control.TodoRead(),
            run.Control.TodoWrite(),
            run.Control.Finish(),
            run.Control.RefusePlan(),
        ]),
        Reviewer = new TeamRole(TeamRoles.Critic, PromptLibrary.Critic, static run => [.. ReadOnlyTools(), run.Control.Verdict()]),
        Verifier = new ShellCommandVerifier(),
        ReviewMaterial = ReviewMaterialAsync,
        FirstPlannerMessage = FirstPlannerMessage,
        PromptValues = static options => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["verify"] = options.VerifyCommand is { Length: > 0 } verify ? $" `{verify}`" : " (none given: the critic alone judges the change)",
        },
    };

    private static ITool[] ReadOnlyTools() => [new ReadFileTool(), new ListFilesTool(), new SearchFilesTool()];

    private static string FirstPlannerMessage(TeamRunContext run)
    {
        var files = Directory.EnumerateFileSystemEntries(run.Workspace.FullPath, "*", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .Where(n => n is not null and not ".git" and not WorkspaceRoot.ReservedFolder)
            .Order(StringComparer.Ordinal)
            .Take(200);
        return $"Goal: {run.Options.Goal}\nTop-level entries of the workspace:\n{string.Join('\n', files)}\nWrite the TODO list with todo_write.";
    }

    private static async Task<string> ReviewMaterialAsync(TeamReviewContext review, CancellationToken cancellationToken)
    {
        var diff = await review.DiffAsync(cancellationToken).ConfigureAwait(false);
        return $"Diff of the changes this run made to the workspace:\n{OutputCap.Apply(diff, 20_000)}\n\n{review.Verification.Report}\n\nTODO list:\n{review.Todo}\n\nCall verdict.";
    }
}
