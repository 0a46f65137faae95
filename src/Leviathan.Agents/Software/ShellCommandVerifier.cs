using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Agents.Team;
using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Software;

/// <summary>The software team's verification: the run's verification command, run by the orchestrator in the sandbox; exit 0 passes.</summary>
internal sealed class ShellCommandVerifier : ITeamVerifier
{
    public TeamVerifyCall? Describe(TeamRunContext context) =>
        context.Options.VerifyCommand is { Length: > 0 } command ? new TeamVerifyCall(command, new JsonObject { ["command"] = command }.ToJsonString()) : null;

    public void Prepare(TeamRunContext context)
    {
        if (context.Commands is ICommandPreparer preparer && context.Options.VerifyCommand is { Length: > 0 } command)
        {
            preparer.Prepare(Request(context, command));
        }
    }

    public async Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        if (options.VerifyCommand is not { Length: > 0 } command)
        {
            return new TeamVerification(true, "No verification command was given; the change was not verified by running anything.", SoftwareTeam.NotVerified)
            {
                Note = "not verified: --no-verify (the critic alone judges)",
            };
        }

        var result = await context.Commands.RunAsync(Request(context, command), cancellationToken).ConfigureAwait(false);
        var output = OutputCap.Apply((result.Stdout + (result.Stderr.Length > 0 ? "\n" + result.Stderr : string.Empty)).Trim(), options.MaxVerifyOutputChars);
        var passed = result.ExitCode == 0 && !result.TimedOut;
        var summary = passed
            ? $"passed ({command})"
            : result.TimedOut ? $"timed out ({command})" : string.Create(CultureInfo.InvariantCulture, $"failed with exit code {result.ExitCode} ({command})");
        return new TeamVerification(
            passed,
            $"Verification `{command}` {(passed ? "passed" : "failed")} (exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}). Output:\n{output}",
            summary)
        {
            Output = output,
            ExitCode = result.ExitCode,
        };
    }

    private static CommandRequest Request(TeamRunContext context, string command) =>
        new(["/bin/sh", "-c", command], context.Workspace.FullPath, context.Options.VerifyTimeout);
}
