using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Leviathan.Core.Files;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Git;

/// <summary>
/// The one way host code runs git: on a repository Leviathan created, with a configuration Leviathan controls.
/// No system or global configuration, no inherited <c>GIT_*</c> variable, and every setting through which a
/// repository's content or configuration could run a program on the host switched off on the command line
/// (which wins over any repository configuration): fsmonitor, hooks, ssh, pagers, external diff and textconv,
/// credential helpers, protocols, submodule recursion. Filters and diff drivers are only ever defined in
/// configuration, and none is defined here, so a <c>.gitattributes</c> in the work tree that names one runs nothing.
/// Before every command the repository's own <c>config</c> and <c>info/attributes</c> (and, when given, <c>info/exclude</c>) are rewritten to Leviathan's
/// (the attributes switch off filters, diff drivers and conversions for every path, overriding any
/// <c>.gitattributes</c>), and files that would send git to another repository's configuration or objects
/// (<c>commondir</c>, <c>objects/info/alternates</c>) are removed: whatever wrote into the repository, the
/// configuration git reads is this one.
/// </summary>
internal sealed class SafeGit
{
    // -c values beat the repository's own config file, so even a tampered config cannot turn these back on.
    private static readonly string[] ConfigOverrides =
    [
        "core.fsmonitor=false",
        "core.hooksPath=/dev/null",
        "core.sshCommand=false",
        "core.askPass=false",
        "core.pager=cat",
        "core.editor=false",
        "core.attributesFile=/dev/null",
        "core.excludesFile=/dev/null",
        "core.untrackedCache=false",
        "core.splitIndex=false",
        "core.autocrlf=false",
        "core.safecrlf=false",
        "core.symlinks=true",
        "core.quotepath=false",
        "core.protectNTFS=true",
        "core.protectHFS=true",
        "credential.helper=",
        "protocol.allow=never",
        "submodule.recurse=false",
        "diff.ignoreSubmodules=all",
        "gpg.program=false",
        "commit.gpgsign=false",
        "tag.gpgsign=false",
        "gc.auto=0",
        "maintenance.auto=false",
        "user.name=Leviathan",
        "user.email=leviathan@localhost",
        "init.defaultBranch=snapshots",
        "advice.detachedHead=false",
        "advice.addEmbeddedRepo=false",
    ];

    /// <summary>The repository's whole configuration file, rewritten before every command.</summary>
    internal const string RepositoryConfig = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = false\n";

    /// <summary>
    /// <c>info/attributes</c> beats every <c>.gitattributes</c> of the work tree: no filter, diff driver, merge driver,
    /// ident or encoding conversion, and no end-of-line conversion (snapshots are byte for byte).
    /// </summary>
    internal const string RepositoryAttributes = "* !filter !diff !merge !ident !working-tree-encoding !eol -text\n";

    private static readonly Lazy<string?> Executable = new(() => ExecutableSearch.Find("git", Environment.GetEnvironmentVariable("PATH")));

    private readonly string? _exclude;

    /// <param name="gitDirectory">The repository (Leviathan's own, outside any workspace).</param>
    /// <param name="workTree">The work tree it describes.</param>
    /// <param name="exclude">When given, the repository's <c>info/exclude</c>, put back before every command like the configuration.</param>
    public SafeGit(string gitDirectory, string workTree, string? exclude = null)
    {
        GitDirectory = gitDirectory;
        WorkTree = workTree;
        _exclude = exclude;
    }

    public string GitDirectory { get; }

    public string WorkTree { get; }

    /// <summary>The command line before the subcommand, for tests and diagnostics.</summary>
    public IReadOnlyList<string> GlobalArguments =>
    [
        "--git-dir=" + GitDirectory,
        "--work-tree=" + WorkTree,
        "--no-replace-objects",
        .. ConfigOverrides.SelectMany(c => (string[])["-c", c]),
        "-c", "safe.directory=" + GitDirectory,
        "-c", "safe.directory=" + WorkTree,
    ];

    /// <summary>The environment git runs with: built from nothing, never inherited.</summary>
    public static IReadOnlyDictionary<string, string> BaseEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/nonexistent",
        ["LC_ALL"] = "C",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_ATTR_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_NO_REPLACE_OBJECTS"] = "1",
        ["GIT_PROTOCOL_FROM_USER"] = "0",
        ["GIT_ALLOW_PROTOCOL"] = string.Empty,
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_PAGER"] = "cat",
    };

    /// <summary>Puts Leviathan's configuration back into the repository (when it exists yet).</summary>
    private void Seal()
    {
        if (!Directory.Exists(GitDirectory))
        {
            return;
        }

        WriteIfDifferent(Path.Combine(GitDirectory, "config"), RepositoryConfig);
        Directory.CreateDirectory(Path.Combine(GitDirectory, "info"));
        WriteIfDifferent(Path.Combine(GitDirectory, "info", "attributes"), RepositoryAttributes);
        if (_exclude is not null)
        {
            WriteIfDifferent(Path.Combine(GitDirectory, "info", "exclude"), _exclude);
        }

        foreach (var redirect in (string[])["commondir", "gitdir", Path.Combine("objects", "info", "alternates"), Path.Combine("objects", "info", "http-alternates")])
        {
            try
            {
                File.Delete(Path.Combine(GitDirectory, redirect));
            }
            catch (DirectoryNotFoundException)
            {
                // No objects/info folder (Leviathan does not create one): nothing there to remove.
            }
        }
    }

    private static void WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && new FileInfo(path).LinkTarget is null && File.ReadAllText(path) == content)
        {
            return;
        }

        AtomicFile.WriteAllText(path, content);
    }

    /// <summary>Runs one git command; returns its standard output.</summary>
    /// <param name="arguments">The subcommand (plumbing or a porcelain command named explicitly; aliases never apply) and its arguments.</param>
    /// <param name="environment">Extra variables (<c>GIT_INDEX_FILE</c>, dates).</param>
    /// <param name="cancellationToken">Kills git when cancelled.</param>
    /// <exception cref="GitException">git is missing or failed.</exception>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Seal();
        var executable = Executable.Value
            ?? throw new GitException("Workspace snapshots need git, which is not installed (sudo apt-get install -y git).");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Never the work tree: nothing there is trusted, not even as a starting directory.
            WorkingDirectory = Path.GetDirectoryName(GitDirectory),
        };
        foreach (var argument in (IEnumerable<string>)[.. GlobalArguments, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in BaseEnvironment)
        {
            info.Environment[name] = value;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        int exitCode;
        string stdout;
        string stderr;
        try
        {
            (exitCode, stdout, stderr) = await GitProcess.RunAsync(info, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw new GitException($"git could not be started ({ex.Message}).", ex);
        }

        if (exitCode != 0)
        {
            throw new GitException(
                new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"git {arguments[0]} failed in {GitDirectory} (exit {exitCode}): ")
                    .Append(stderr.Trim())
                    .ToString(),
                exitCode,
                stderr);
        }

        return stdout;
    }
}
