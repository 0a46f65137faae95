using System.Text.RegularExpressions;

namespace Leviathan.Tools.Git;

/// <summary>
/// Checks out one commit of a repository into a new folder with the host's git hardened as <see cref="SafeGit"/> does:
/// the new repository's configuration is Leviathan's, the source's hooks, filters and configuration never run here,
/// and only the file and https transports are allowed (no ssh, no <c>ext::</c> commands).
/// </summary>
public static partial class GitClone
{
    /// <summary>Fetches the branches and tags of <paramref name="source"/> into <paramref name="destination"/> (created; must not exist) and checks out <paramref name="commit"/>, detached.</summary>
    /// <exception cref="GitCloneException">git is missing, the source cannot be read, or the commit is not in it; the message says which.</exception>
    public static async Task CloneAsync(string source, string commit, string destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        if (!CommitId().IsMatch(commit))
        {
            throw new GitCloneException($"'{commit}' is not a full commit id (40 or 64 lowercase hex digits)");
        }

        if (Path.Exists(destination))
        {
            throw new GitCloneException($"{destination} exists already; a clone goes into a new folder");
        }

        Directory.CreateDirectory(destination);
        var git = new SafeGit(Path.Combine(destination, ".git"), destination);
        var transports = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_ALLOW_PROTOCOL"] = "file:https" };
        try
        {
            await git.RunAsync(["init", "--quiet"], cancellationToken).ConfigureAwait(false);
            await git.RunAsync(
                ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--", source, "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
                cancellationToken,
                transports).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            throw new GitCloneException($"{source} cannot be fetched: {ex.Message}", ex);
        }

        try
        {
            await git.RunAsync(["rev-parse", "--quiet", "--verify", commit + "^{commit}"], cancellationToken).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            throw new GitCloneException($"commit {commit} is not on any branch or tag of {source}", ex);
        }

        try
        {
            await git.RunAsync(["checkout", "--quiet", "--detach", commit], cancellationToken).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            throw new GitCloneException($"commit {commit} of {source} cannot be checked out: {ex.Message}", ex);
        }
    }

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex CommitId();
}
