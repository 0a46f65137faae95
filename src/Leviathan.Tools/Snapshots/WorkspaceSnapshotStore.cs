using System.Globalization;
using System.Text;
using Leviathan.Core.Files;
using Leviathan.Tools.Git;
using Leviathan.Tools.Snapshots.InProcess;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Snapshots;

/// <summary>
/// Checkpoints of a workspace in a git repository of Leviathan's own, kept in the workspace's state folder under
/// the Leviathan home (<see cref="WorkspaceStateFolder.SnapshotRepository"/>) and used with the workspace as its
/// work tree. The repository is created by Leviathan and only ever run through <see cref="SafeGit"/>; a
/// <c>.leviathan/snapshots.git</c> that comes with a workspace is never opened. The user's <c>.git</c> is never
/// read or written and is not snapshotted; neither are files the workspace's <c>.gitignore</c> ignores (build output).
/// </summary>
public sealed class WorkspaceSnapshotStore
{
    /// <summary>Where older versions kept snapshots inside the workspace; never opened, never snapshotted.</summary>
    public const string LegacyRepositoryPath = ".leviathan/snapshots.git";

    /// <summary>
    /// What the repository's <c>info/exclude</c> says, given to git before each command and to the in-process scan: the
    /// user's repository, and what older versions kept in the workspace, are never part of a snapshot.
    /// </summary>
    internal const string Exclude = "/.git/\n.git\n/" + LegacyRepositoryPath + "/\n";

    /// <summary>How many packs the repository may hold before a checkpoint has git merge them into one.</summary>
    internal const int PacksBeforeRepack = 50;

    /// <summary>
    /// The file in the workspace's state folder that checkpoints of the workspace lock in turn (an OS lock, which its holder's
    /// end releases: the file stays, and never blocks anyone, unlike a git <c>.lock</c> file a crash leaves behind).
    /// </summary>
    internal const string CheckpointLockFile = "checkpoint.flock";

    /// <summary>How long a checkpoint waits for another checkpoint of the same workspace before it gives up.</summary>
    private static readonly TimeSpan CheckpointLockWait = TimeSpan.FromMinutes(5);

    private const string TagPrefix = "step-";
    private const string Identity = "Leviathan <leviathan@localhost>";
    private readonly TimeProvider _time;
    private readonly SafeGit _git;

    /// <param name="state">The workspace's state folder (created on the first checkpoint).</param>
    /// <param name="time">The clock that dates checkpoints.</param>
    public WorkspaceSnapshotStore(WorkspaceStateFolder state, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Directory.Exists(state.Workspace))
        {
            throw new SnapshotException($"The workspace '{state.Workspace}' does not exist or is not a directory.");
        }

        State = state;
        Workspace = state.Workspace;
        GitDirectory = state.SnapshotRepository;
        _git = new SafeGit(GitDirectory, Workspace, Exclude);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The workspace directory (canonical).</summary>
    public string Workspace { get; }

    /// <summary>The workspace's state folder.</summary>
    public WorkspaceStateFolder State { get; }

    /// <summary>The snapshot repository.</summary>
    public string GitDirectory { get; }

    /// <summary>How many git processes this store has run (checkpoints and unchanged diffs run none).</summary>
    internal int GitProcesses => _gitProcesses;

    private int _gitProcesses;

    /// <summary>Records the workspace as it is now, before a step runs.</summary>
    /// <param name="description">What is about to run.</param>
    /// <param name="cancellationToken">Cancels the git commands.</param>
    /// <returns>The new step number.</returns>
    public async Task<int> CheckpointAsync(string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(description);
        cancellationToken.ThrowIfCancellationRequested();
        await using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        return await CheckpointHoldingLockAsync(description, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> CheckpointHoldingLockAsync(string description, CancellationToken cancellationToken)
    {
        EnsureRepository();
        var step = NextStep();
        var now = _time.GetUtcNow();
        var message = $"step {step}: {OneLine(description)}";
        var tag = TagPrefix + step.ToString(CultureInfo.InvariantCulture);
        if (TryCheckpointInProcess(tag, message, now) is { } packs)
        {
            if (packs >= PacksBeforeRepack)
            {
                // One pack per checkpoint: a workspace checkpointed many times has its packs merged by git now and then.
                // Unreachable objects (a diff's work tree) are kept: a diff of this workspace may be reading them right now.
                await GitAsync(["repack", "-a", "-d", "-q", "--keep-unreachable"], cancellationToken).ConfigureAwait(false);
            }

            return step;
        }

        await AddAllAsync(cancellationToken, null).ConfigureAwait(false);
        var date = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await GitAsync(
            ["commit", "--quiet", "--allow-empty", "--no-verify", "--date", date, "-m", message],
            cancellationToken,
            new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = date }).ConfigureAwait(false);
        await GitAsync(["tag", tag], cancellationToken).ConfigureAwait(false);
        return step;
    }

    /// <summary>Every checkpoint, oldest first; empty when none was taken.</summary>
    public async Task<IReadOnlyList<WorkspaceSnapshot>> ListAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(GitDirectory, "HEAD")))
        {
            return [];
        }

        var output = await GitAsync(
            ["for-each-ref", "--format=%(refname:short)%09%(objectname)%09%(creatordate:iso-strict)%09%(contents:subject)", "refs/tags/" + TagPrefix + "*"],
            cancellationToken).ConfigureAwait(false);
        var snapshots = new List<WorkspaceSnapshot>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t', 4);
            if (fields.Length == 4 && int.TryParse(fields[0][TagPrefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            {
                var subject = fields[3];
                var colon = subject.IndexOf(": ", StringComparison.Ordinal);
                snapshots.Add(new WorkspaceSnapshot(
                    step,
                    colon >= 0 ? subject[(colon + 2)..] : subject,
                    fields[1],
                    DateTimeOffset.Parse(fields[2], CultureInfo.InvariantCulture)));
            }
        }

        return [.. snapshots.OrderBy(s => s.Step)];
    }

    /// <summary>
    /// A unified diff. With a step: what that step changed (its checkpoint against the next one, or
    /// against the workspace now for the last step). Without: everything since the first checkpoint.
    /// </summary>
    public async Task<string> DiffAsync(int? step, CancellationToken cancellationToken)
    {
        var snapshots = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (snapshots.Count == 0)
        {
            throw new SnapshotException($"The workspace '{Workspace}' has no snapshots: Leviathan takes them before each step that changes files and keeps them in {State.FullPath}, and none were taken for this workspace yet.");
        }

        var from = step is { } n ? Find(snapshots, n) : snapshots[0];
        var next = snapshots.FirstOrDefault(s => s.Step > from.Step);
        using var objects = new GitObjectStore(GitDirectory);
        var to = step is not null && next is not null ? next.Commit + "^{tree}" : await WorkTreeAsync(objects, cancellationToken).ConfigureAwait(false);
        return await GitAsync(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", from.Commit + "^{tree}", to], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A unified diff of everything since step <paramref name="step"/>'s checkpoint: that checkpoint against the
    /// workspace now (e.g. what one run changed, from the checkpoint taken at its start).
    /// </summary>
    public async Task<string> DiffSinceAsync(int step, CancellationToken cancellationToken)
    {
        // The checkpoint is named by its tag; only when git cannot find it are the checkpoints listed, to say which exist.
        var tag = "refs/tags/" + TagPrefix + step.ToString(CultureInfo.InvariantCulture);
        try
        {
            using var objects = new GitObjectStore(GitDirectory);
            var from = TreeOfCommit(tag, objects) ?? tag + "^{tree}";
            var to = await WorkTreeAsync(objects, cancellationToken).ConfigureAwait(false);
            if (from == to)
            {
                // The same tree: nothing changed, and git would print nothing.
                return string.Empty;
            }

            return await GitAsync(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", from, to], cancellationToken).ConfigureAwait(false);
        }
        catch (SnapshotException)
        {
            _ = Find(await ListAsync(cancellationToken).ConfigureAwait(false), step);
            throw;
        }
    }

    /// <summary>
    /// Puts the workspace back as it was before step <paramref name="step"/>. The current state is
    /// checkpointed first, so the rollback itself can be undone.
    /// </summary>
    /// <returns>The step number of the checkpoint taken before rolling back.</returns>
    public async Task<int> RollbackAsync(int step, CancellationToken cancellationToken)
    {
        var snapshots = await ListAsync(cancellationToken).ConfigureAwait(false);
        var target = Find(snapshots, step);
        await using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var safety = await CheckpointHoldingLockAsync($"before rollback to step {step}", cancellationToken).ConfigureAwait(false);
        // The index now lists every file; read-tree -u removes those the target lacks and restores the rest.
        await GitAsync(["read-tree", "-u", "--reset", target.Commit], cancellationToken).ConfigureAwait(false);
        return safety;
    }

    /// <summary>
    /// Checkpoints and rollbacks of one workspace take turns, in this process and across processes: each takes the next step
    /// number and moves the branch, and two at once would both take the same number.
    /// </summary>
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(State.FullPath, CheckpointLockFile);
        try
        {
            try
            {
                return await ExclusiveFileLock.AcquireAsync(lockFile, CheckpointLockWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (DirectoryNotFoundException)
            {
                // The workspace's first checkpoint: its state folder is made here.
                State.Create();
                return await ExclusiveFileLock.AcquireAsync(lockFile, CheckpointLockWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException and not DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"The checkpoint lock of the workspace '{Workspace}' could not be taken: {ex.Message}.", ex);
        }
    }

    private WorkspaceSnapshot Find(IReadOnlyList<WorkspaceSnapshot> snapshots, int step) =>
        snapshots.FirstOrDefault(s => s.Step == step)
        ?? throw new SnapshotException(snapshots.Count == 0
            ? $"There is no step {step}: the workspace '{Workspace}' has no snapshots (Leviathan keeps them in {State.FullPath}, and none were taken for this workspace yet)."
            : $"There is no step {step}: the snapshots are steps {snapshots[0].Step} to {snapshots[^1].Step}.");

    private async Task<string> WorkTreeAsync(GitObjectStore objects, CancellationToken cancellationToken)
    {
        if (ScanInProcess(objects) is ({ } scan, _))
        {
            // git reads the new objects (changed files) from here on: one pack, and none when nothing changed.
            objects.Flush();
            return scan.TreeId;
        }

        // A scratch index, so that the snapshot index is untouched. It starts as a copy of the snapshot index (git's cache of
        // file states, so unchanged files are not hashed again); 'add --all' makes it match the work tree whatever it held.
        var index = Path.Combine(GitDirectory, "leviathan-diff.index");
        var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        try
        {
            var snapshotIndex = Path.Combine(GitDirectory, "index");
            if (File.Exists(snapshotIndex) && new FileInfo(snapshotIndex).LinkTarget is null)
            {
                File.Copy(snapshotIndex, index, overwrite: true);
            }
            else
            {
                await GitAsync(["read-tree", "HEAD"], cancellationToken, environment).ConfigureAwait(false);
            }

            await AddAllAsync(cancellationToken, environment).ConfigureAwait(false);
            return (await GitAsync(["write-tree"], cancellationToken, environment).ConfigureAwait(false)).Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>
    /// The work tree as git would record it, worked out in process (no git process: a run takes several checkpoints and
    /// diffs, and many runs go at once); null when git must do it (<see cref="WorkTreeScanner"/> says when).
    /// </summary>
    /// <returns>The scan (null when git must do it) and the index it started from.</returns>
    private (WorkTreeScan? Scan, (List<GitIndexEntry> Entries, GitFileStat FileStat)? Index) ScanInProcess(GitObjectStore objects)
    {
        var indexPath = Path.Combine(GitDirectory, "index");
        var index = GitIndexFile.TryRead(indexPath);
        if (index is null && (File.Exists(indexPath) || new FileInfo(indexPath).LinkTarget is not null))
        {
            // An index this reader does not handle: git reads it.
            return (null, null);
        }

        return (new WorkTreeScanner(Workspace, objects, Exclude, index).Scan(), index);
    }

    /// <summary>Records the work tree as a commit on the snapshot branch with its tag, in process.</summary>
    /// <returns>How many packs the repository holds now; null when git must do it.</returns>
    private int? TryCheckpointInProcess(string tag, string message, DateTimeOffset date)
    {
        var refs = new GitRefs(GitDirectory);
        if (refs.HeadBranch() is not { } branch)
        {
            return null;
        }

        using var objects = new GitObjectStore(GitDirectory);
        var (found, index) = ScanInProcess(objects);
        if (found is not { } scan)
        {
            return null;
        }

        var parent = refs.Read(branch);
        var seconds = date.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var commit = new StringBuilder()
            .Append("tree ").Append(scan.TreeId).Append('\n');
        if (parent is not null)
        {
            commit.Append("parent ").Append(parent).Append('\n');
        }

        // What 'git commit --date' with GIT_COMMITTER_DATE writes for Leviathan's identity; the message as its cleanup leaves it.
        commit.Append("author ").Append(Identity).Append(' ').Append(seconds).Append(" +0000\n")
            .Append("committer ").Append(Identity).Append(' ').Append(seconds).Append(" +0000\n")
            .Append('\n').Append(message.TrimEnd()).Append('\n');
        var id = Convert.ToHexStringLower(objects.Write("commit", Encoding.UTF8.GetBytes(commit.ToString())));
        // The checkpoint's new objects (its commit, and the files and folders that changed) as one pack, before anything names them.
        objects.Flush();
        if (!IndexUpToDate(index, scan.Entries))
        {
            _ = GitIndexFile.Write(Path.Combine(GitDirectory, "index"), scan.Entries);
        }

        refs.Write([(branch, id), ("refs/tags/" + tag, id)]);
        return objects.PackCount;
    }

    /// <summary>
    /// Whether the index already says what the scan found, so that writing it again would change nothing: the same entries,
    /// none of them racily clean (a file changed in the same instant as the index was written is read again until the
    /// index is rewritten after it).
    /// </summary>
    private static bool IndexUpToDate((List<GitIndexEntry> Entries, GitFileStat FileStat)? index, IReadOnlyList<GitIndexEntry> entries)
    {
        if (index is not ({ } old, var stat) || old.Count != entries.Count)
        {
            return false;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var (a, b) = (old[i], entries[i]);
            if (a.Mode != b.Mode || a.Stat != b.Stat || !a.Path.AsSpan().SequenceEqual(b.Path) || !a.ObjectId.AsSpan().SequenceEqual(b.ObjectId)
                || b.Stat.ModifiedNoEarlierThan(stat.MtimeSeconds, stat.MtimeNanoseconds))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tree of the commit a reference names, read in process; null when git must resolve it.</summary>
    private string? TreeOfCommit(string reference, GitObjectStore objects)
    {
        if (new GitRefs(GitDirectory).Read(reference) is not { } commit
            || objects.TryRead(commit) is not ("commit", var content))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(content);
        return text.StartsWith("tree ", StringComparison.Ordinal) && text.Length >= 45 ? text[5..45] : null;
    }

    /// <summary>The next step number: one past the highest <c>step-N</c> tag.</summary>
    private int NextStep()
    {
        var last = 0;
        foreach (var name in new GitRefs(GitDirectory).Names("refs/tags/" + TagPrefix))
        {
            if (int.TryParse(name[("refs/tags/" + TagPrefix).Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                last = Math.Max(last, step);
            }
        }

        return last + 1;
    }

    /// <summary>
    /// Creates the repository with only what git needs to open it: <c>HEAD</c>, <c>objects/</c> (with <c>pack/</c>, where
    /// checkpoints go) and <c>refs/</c> (references go to <c>packed-refs</c>). The configuration, <c>info/attributes</c> and
    /// <c>info/exclude</c> are written by <see cref="SafeGit"/> before every git command (and the in-process scan applies the same
    /// exclude list), so they exist whenever git reads the repository. <c>HEAD</c> is written last, by a rename: a repository
    /// with a <c>HEAD</c> is complete, and concurrent first checkpoints of one workspace write the same files.
    /// </summary>
    private void EnsureRepository()
    {
        var head = Path.Combine(GitDirectory, "HEAD");
        if (File.Exists(head))
        {
            return;
        }

        State.Create();
        // One level at a time, parents first: each is one mkdir.
        foreach (var folder in (string[])[GitDirectory, Path.Combine(GitDirectory, "objects"), Path.Combine(GitDirectory, "objects", "pack"), Path.Combine(GitDirectory, "refs")])
        {
            Directory.CreateDirectory(folder);
        }

        AtomicFile.WriteAllText(head, "ref: refs/heads/snapshots\n");
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    // A nested repository without a commit (what 'git init' or 'cargo new' leaves) cannot be recorded; git skips it with
    // --ignore-errors and says so. That must not fail the step (any command in the sandbox can make one); other errors do.
    private async Task AddAllAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment)
    {
        try
        {
            Interlocked.Increment(ref _gitProcesses);
            await _git.RunAsync(["add", "--all", "--ignore-errors"], cancellationToken, environment).ConfigureAwait(false);
        }
        catch (GitException ex) when (ex.ExitCode == 1 && OnlyUncommittedNestedRepositories(ex.StandardError))
        {
        }
        catch (GitException ex)
        {
            throw new SnapshotException(ex.Message, ex);
        }
    }

    private static bool OnlyUncommittedNestedRepositories(string standardError)
    {
        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Any(l => l.StartsWith("error:", StringComparison.Ordinal))
            && lines.All(l => l.StartsWith("warning:", StringComparison.Ordinal) || l.StartsWith("hint:", StringComparison.Ordinal)
                || (l.StartsWith("error: '", StringComparison.Ordinal) && l.EndsWith("' does not have a commit checked out", StringComparison.Ordinal)));
    }

    private async Task<string> GitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            Interlocked.Increment(ref _gitProcesses);
            return await _git.RunAsync(arguments, cancellationToken, environment).ConfigureAwait(false);
        }
        catch (GitException ex)
        {
            throw new SnapshotException(ex.Message, ex);
        }
    }
}
