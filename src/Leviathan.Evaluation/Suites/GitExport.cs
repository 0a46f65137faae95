using System.Diagnostics;
using System.Formats.Tar;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// The tree of one commit of a local repository, written into a fresh workspace. The repository is first cloned
/// (bare, without its configuration, hooks or alternates) into a scratch folder, and the commit is exported with
/// <c>git archive</c> from there, so that nothing in the source repository's configuration runs; the archive is
/// unpacked here, folders and regular files only.
/// </summary>
internal static class GitExport
{
    // Settings on the command line beat any repository configuration: nothing may run a program or reach the network.
    private static readonly string[] Settings =
    [
        "core.fsmonitor=false", "core.hooksPath=/dev/null", "core.sshCommand=false", "core.askPass=false", "credential.helper=",
        "protocol.allow=never", "protocol.file.allow=always", "core.attributesFile=/dev/null", "core.autocrlf=false", "gc.auto=0",
    ];

    public static async Task ExtractAsync(GitSource source, string definitionFile, string workspace, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"leviathan-git-{Guid.NewGuid():N}");
        try
        {
            var bare = Path.Combine(scratch, "source.git");
            await RunAsync(["clone", "--quiet", "--bare", "--no-local", "--", source.Repository, bare], null, definitionFile, cancellationToken).ConfigureAwait(false);
            // Attributes of the exported tree may not convert, filter or expand anything.
            var info = Path.Combine(bare, "info");
            Directory.CreateDirectory(info);
            await File.WriteAllTextAsync(Path.Combine(info, "attributes"), "* !filter !ident !working-tree-encoding !eol -text -export-subst\n", cancellationToken).ConfigureAwait(false);
            await RunAsync(["--git-dir=" + bare, "archive", "--format=tar", source.Commit + "^{commit}"], workspace, definitionFile, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static async Task RunAsync(IReadOnlyList<string> arguments, string? extractTo, string definitionFile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var setting in Settings)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new SuiteFormatException(definitionFile, "git", "could not start git", "install git (apt-get install git)");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        Exception? unreadable = null;
        var readToEnd = false;
        try
        {
            if (extractTo is not null)
            {
                await ExtractAsync(process.StandardOutput.BaseStream, extractTo, definitionFile, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            readToEnd = true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or FormatException)
        {
            // An empty or cut archive: git's own error, read below, says why.
            unreadable = ex;
        }
        finally
        {
            if (!readToEnd && !process.HasExited)
            {
                // Extraction stopped early (a refused entry, cancellation): git must not stay blocked on a full pipe.
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new SuiteFormatException(
                definitionFile, "git", $"git {arguments[0]} failed (exit {process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}", "check git.url (a local clone) and git.commit (a commit in it)");
        }

        if (unreadable is not null)
        {
            throw new SuiteFormatException(definitionFile, "git", $"the archive of the commit could not be read: {unreadable.Message}", "check that git.commit names a commit of git.url");
        }
    }

    private static async Task ExtractAsync(Stream tar, string workspace, string definitionFile, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                {
                    continue;
                }

                var name = entry.Name.TrimEnd('/');
                var target = Path.GetFullPath(Path.Combine(workspace, name));
                if (name.Length == 0 || Path.IsPathRooted(name) || !target.StartsWith(workspace + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new SuiteFormatException(definitionFile, "git", $"the commit holds a path that leaves the workspace: '{entry.Name}'", "use a commit without such paths");
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        var options = new FileStreamOptions
                        {
                            Mode = FileMode.CreateNew,
                            Access = FileAccess.Write,
                            UnixCreateMode = entry.Mode.HasFlag(UnixFileMode.UserExecute)
                                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                        };
                        var file = new FileStream(target, options);
                        await using (file.ConfigureAwait(false))
                        {
                            if (entry.DataStream is { } data)
                            {
                                await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        break;
                    default:
                        throw new SuiteFormatException(
                            definitionFile, "git", $"the commit holds '{entry.Name}', a {entry.EntryType} entry; starting files are folders and regular files only", "replace links by copies in a commit made for the task");
                }
            }
        }
    }
}
