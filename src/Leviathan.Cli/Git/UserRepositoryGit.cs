using System.ComponentModel;
using System.Diagnostics;
using Leviathan.Cli.Hosting;
using Leviathan.Tools.Git;

namespace Leviathan.Cli.Git;

/// <summary>
/// git on the user's own repository (the workspace), for <c>run --commit</c>: no system or global configuration (only
/// <c>user.name</c>/<c>user.email</c>, read from it as plain strings and passed explicitly), no hooks (<c>--no-verify</c>
/// and <c>core.hooksPath=/dev/null</c>), no fsmonitor, pager, editor, signing program, credential helper or protocol, and
/// an environment built from nothing. Command-line <c>-c</c> values beat the repository's own configuration.
/// </summary>
internal sealed class UserRepositoryGit(string workTree, IReadOnlyDictionary<string, string?> variables)
{
    private static readonly string[] Overrides =
    [
        "core.fsmonitor=false",
        "core.hooksPath=/dev/null",
        "core.sshCommand=false",
        "core.askPass=false",
        "core.pager=cat",
        "core.editor=false",
        "core.untrackedCache=false",
        "credential.helper=",
        "protocol.allow=never",
        "submodule.recurse=false",
        "gpg.program=false",
        "commit.gpgsign=false",
        "gc.auto=0",
        "maintenance.auto=false",
        "advice.addEmbeddedRepo=false",
    ];

    public string WorkTree { get; } = workTree;

    /// <summary>The top of the repository holding the work tree; null when it is not in one.</summary>
    public async Task<string?> TopLevelAsync(CancellationToken cancellationToken)
    {
        var (code, output, _) = await RunAsync(["rev-parse", "--show-toplevel"], null, cancellationToken).ConfigureAwait(false);
        return code == 0 ? output.Trim() : null;
    }

    /// <summary>
    /// Commits exactly <paramref name="paths"/> (relative to the work tree; added, changed or deleted) with
    /// <paramref name="message"/>, leaving anything else the user staged or changed as it was. Returns the short hash.
    /// </summary>
    /// <exception cref="CliException">git failed; the message says how.</exception>
    public async Task<string> CommitAsync(IReadOnlyList<string> paths, string message, CancellationToken cancellationToken)
    {
        var (name, email) = await IdentityAsync(cancellationToken).ConfigureAwait(false);
        var identity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = name,
            ["GIT_AUTHOR_EMAIL"] = email,
            ["GIT_COMMITTER_NAME"] = name,
            ["GIT_COMMITTER_EMAIL"] = email,
        };
        await CheckAsync(["add", "--all", "--", .. paths], identity, cancellationToken).ConfigureAwait(false);
        await CheckAsync(["commit", "--no-verify", "--no-edit", "--quiet", "-m", message, "--", .. paths], identity, cancellationToken).ConfigureAwait(false);
        var (_, hash, _) = await RunAsync(["rev-parse", "--short", "HEAD"], identity, cancellationToken).ConfigureAwait(false);
        return hash.Trim();
    }

    /// <summary>user.name and user.email: the repository's, else the user's global ones, else Leviathan's.</summary>
    private async Task<(string Name, string Email)> IdentityAsync(CancellationToken cancellationToken)
    {
        async Task<string?> Read(string key)
        {
            foreach (var scope in (string[])["--local", "--global"])
            {
                var (code, output, _) = await RunAsync(["config", scope, "--get", key], null, cancellationToken, globalConfig: scope == "--global").ConfigureAwait(false);
                if (code == 0 && output.Trim() is { Length: > 0 } value)
                {
                    return value;
                }
            }

            return null;
        }

        return (await Read("user.name").ConfigureAwait(false) ?? "Leviathan", await Read("user.email").ConfigureAwait(false) ?? "leviathan@localhost");
    }

    private async Task CheckAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var (code, _, error) = await RunAsync(arguments, environment, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw CliException.Failed($"git {arguments[0]} failed in {WorkTree} (exit {code}): {error.Trim()}", "the change is kept as the run's run.patch artifact: leviathan runs show ID --diff");
        }
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, bool globalConfig = false)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkTree,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(WorkTree);
        foreach (var setting in Overrides)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(setting);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = variables.GetValueOrDefault("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        info.Environment["LC_ALL"] = "C";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        // Only reading user.name/email may see the user's global file; every other command runs without it.
        if (globalConfig && variables.GetValueOrDefault("HOME") is { Length: > 0 } home)
        {
            info.Environment["HOME"] = home;
        }
        else
        {
            info.Environment["HOME"] = "/nonexistent";
            info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        try
        {
            return await GitProcess.RunAsync(info, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw CliException.Failed($"git could not be started ({ex.Message})", "install git (sudo apt-get install -y git)");
        }
    }
}
