using System.Diagnostics;
using Leviathan.Tools.Contract;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// Puts a task's files into a workspace: the starting files into a fresh folder before an attempt, the hidden
/// tests after it, and (for validating a pack only) the reference fix. Pack files are copied without following
/// links (a pack has none; one that appears is refused). The workspace is untrusted once agents worked in it:
/// a link an agent left where a hidden test goes is removed, never written through.
/// </summary>
/// <remarks>
/// Hidden tests are copied after the attempt's last sandboxed command has ended, so nothing is left running in
/// the workspace that could swap a folder for a link between the check and the copy.
/// </remarks>
public static class TaskWorkspace
{
    /// <summary>Copies the starting files of a task into <paramref name="workspace"/>, which must be missing or empty.</summary>
    /// <exception cref="IOException">The workspace is not empty, or a pack file could not be copied.</exception>
    /// <exception cref="SuiteFormatException">The pack changed since it was loaded (a link appeared) or its git source cannot be read.</exception>
    public static async Task MaterializeAsync(SoftwareTask task, string workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        workspace = Path.GetFullPath(workspace);
        if (Directory.Exists(workspace) && Directory.EnumerateFileSystemEntries(workspace).Any())
        {
            throw new IOException($"The workspace {workspace} is not empty; a task starts in a fresh folder.");
        }

        Directory.CreateDirectory(workspace);
        if (task.Git is { } git)
        {
            await GitExport.ExtractAsync(git, task.DefinitionFile, workspace, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            CopyTree(task.RepoDirectory!, workspace);
        }
    }

    /// <summary>Runs the task's setup command (if any) in the workspace through the runner, before the agents start.</summary>
    /// <returns>The command's outcome; null when the task has no setup command.</returns>
    public static async Task<CommandResult?> RunSetupAsync(SoftwareTask task, ICommandRunner runner, string workspace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(runner);
        return task.Setup is not { } setup
            ? null
            : await runner.RunAsync(new CommandRequest(["/bin/sh", "-c", setup], Path.GetFullPath(workspace), timeout), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies the hidden tests into a workspace after the attempt, replacing what is at their paths.</summary>
    public static void AddHiddenTests(SoftwareTask task, string workspace)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.HiddenDirectory is { } hidden)
        {
            CopyTree(hidden, Path.GetFullPath(workspace));
        }
    }

    /// <summary>Applies the task's reference fix to a workspace (to validate the pack; never in an attempt).</summary>
    /// <exception cref="InvalidOperationException">The task has no reference fix, or its patch does not apply.</exception>
    public static async Task ApplyReferenceAsync(SoftwareTask task, string workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        workspace = Path.GetFullPath(workspace);
        if (task.ReferenceDirectory is { } files)
        {
            CopyTree(files, workspace);
            return;
        }

        if (task.ReferencePatch is not { } patch)
        {
            throw new InvalidOperationException($"The task '{task.Id}' has no reference fix: add {Path.Combine(task.Directory, "reference")}/ with the changed files or {SuiteLoader.ReferencePatchFile}.");
        }

        var start = new ProcessStartInfo("patch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p1", "--batch", "--forward", "--no-backup-if-mismatch", "-d", workspace, "-i", patch })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'patch' (apt-get install patch)");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The reference patch {patch} does not apply to the starting files of '{task.Id}' (patch exit {process.ExitCode}): {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }

    /// <summary>Copies a pack folder over a destination folder: folders and regular files only, links in the destination replaced.</summary>
    private static void CopyTree(string source, string destination)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", options))
        {
            if (entry.LinkTarget is not null)
            {
                throw new SuiteFormatException(entry.FullName, null, "is a symbolic link; a task pack holds no links", "replace the link by a copy of what it points to");
            }

            var target = Path.Combine(destination, entry.Name);
            if (entry is DirectoryInfo)
            {
                EnsureRealDirectory(target);
                CopyTree(entry.FullName, target);
            }
            else
            {
                RemoveEntry(target);
                File.Copy(entry.FullName, target, overwrite: false);
            }
        }
    }

    // A folder the agents left as a link or a file becomes a real, empty folder; a real folder is kept.
    private static void EnsureRealDirectory(string path)
    {
        var kind = KindOf(path);
        if (kind is EntryKind.Link or EntryKind.File)
        {
            File.Delete(path);
        }

        if (kind != EntryKind.Directory)
        {
            Directory.CreateDirectory(path);
        }
    }

    // Whatever is where a file goes: a link is unlinked (never followed), a folder removed with its contents.
    private static void RemoveEntry(string path)
    {
        switch (KindOf(path))
        {
            case EntryKind.Link or EntryKind.File:
                File.Delete(path);
                break;
            case EntryKind.Directory:
                // Recursive deletion unlinks links inside the folder; it does not follow them.
                Directory.Delete(path, recursive: true);
                break;
        }
    }

    // What is at a path, without following a link in its last component.
    private static EntryKind KindOf(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            return EntryKind.Link;
        }

        return Directory.Exists(path) ? EntryKind.Directory : File.Exists(path) ? EntryKind.File : EntryKind.Missing;
    }

    private enum EntryKind
    {
        Missing,
        File,
        Directory,
        Link,
    }
}
