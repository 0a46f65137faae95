using Leviathan.Agents.Team;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary><c>runs show ID --diff</c>: the run's final diff, from its <c>run.patch</c> artifact (content-addressed in the blob store).</summary>
internal static class RunPatch
{
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    public static async Task<int> PrintAsync(CliContext context, TraceStore store, RunRecord run, CancellationToken cancellationToken)
    {
        var artifact = (await store.ListArtifactsAsync(run.Id, cancellationToken)).LastOrDefault(a => a.Path == TeamRunner.PatchName)
            ?? throw CliException.Failed(
                $"run {run.Id} has no {TeamRunner.PatchName}: it changed no file{(run.Status.IsTerminal() ? string.Empty : " yet (it has not ended)")}, or it was recorded before runs kept their diff",
                "leviathan workspace diff DIR shows the workspace's checkpoints");
        if (!store.Blobs.Contains(artifact.Sha256))
        {
            throw CliException.Failed($"the blob {artifact.Sha256} of {TeamRunner.PatchName} is missing from {store.Blobs.Root}", "blobs stay in the home folder where the run ran");
        }

        string patch;
        using (var reader = new StreamReader(store.Blobs.OpenRead(artifact.Sha256)))
        {
            patch = await reader.ReadToEndAsync(cancellationToken);
        }

        if (!context.Environment.Ansi)
        {
            await context.Stdout.WriteAsync(patch);
            return ExitCodes.Success;
        }

        foreach (var line in patch.Split('\n'))
        {
            var colour = line.StartsWith("diff --git", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? Bold
                : line.StartsWith('+') ? Green
                : line.StartsWith('-') ? Red
                : null;
            await context.Stdout.WriteLineAsync(colour is null ? line : colour + line + Reset);
        }

        return ExitCodes.Success;
    }
}
