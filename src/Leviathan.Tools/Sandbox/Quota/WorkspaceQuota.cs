namespace Leviathan.Tools.Sandbox.Quota;

/// <summary>
/// The disk quota of one command, measured: the file system's usage is polled while the command runs (one
/// <c>statvfs</c>, cheap), and only when it grew by more than the quota is the workspace walked to count what
/// the command created or changed (allocated bytes of regular files born or modified since it started). Over
/// the quota, the command is killed and every file and folder it created is removed; files it only grew stay
/// (the run's step checkpoint restores them).
/// </summary>
internal sealed class WorkspaceQuota
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _workspace;
    private readonly long _limit;
    private readonly long _startNanoseconds;
    private readonly long _usedAtStart;
    private long _nextWalkAt;

    private WorkspaceQuota(string workspace, long limit, long startNanoseconds, long usedAtStart)
    {
        _workspace = workspace;
        _limit = limit;
        _startNanoseconds = startNanoseconds;
        _usedAtStart = usedAtStart;
        _nextWalkAt = limit;
    }

    /// <summary>
    /// When the quota started, in nanoseconds since the epoch (the fine realtime clock): what the command creates must be
    /// stamped later, so the launcher holds the command until the kernel's coarse file clock has passed it.
    /// </summary>
    public long StartNanoseconds => _startNanoseconds;

    /// <summary>Whether the watch found the command over its quota (and ended it).</summary>
    public bool Exceeded { get; private set; }

    /// <summary>Starts measuring before the command starts.</summary>
    public static WorkspaceQuota Start(string workspace, long limit) =>
        new(workspace, limit, FileStatus.NowNanoseconds(), FileStatus.FileSystemUsedBytes(workspace));

    /// <summary>Polls until <paramref name="stop"/>; cancels <paramref name="exceeded"/> when the command is over its quota.</summary>
    public async Task WatchAsync(CancellationTokenSource exceeded, TimeProvider time, CancellationToken stop)
    {
        // The stop ends the wait without an exception: every command stops its watch, and a thrown cancellation per command
        // costs more CPU than the polls of a short one.
        while (true)
        {
            await Task.Delay(PollInterval, time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (Growth() <= _nextWalkAt)
            {
                continue;
            }

            if (Scan().AddedBytes > _limit)
            {
                Exceeded = true;
                await exceeded.CancelAsync().ConfigureAwait(false);
                return;
            }

            // Someone else filled the disk: look again only after as much again.
            _nextWalkAt = Growth() + (_limit / 2);
        }
    }

    /// <summary>
    /// After the command and every process it started are gone: the report when it wrote more than its quota
    /// (its created entries removed), null otherwise.
    /// </summary>
    public WorkspaceQuotaReport? Finish()
    {
        if (!Exceeded && Growth() <= _limit / 2)
        {
            return null;
        }

        var scan = Scan();
        if (!Exceeded && scan.AddedBytes <= _limit)
        {
            return null;
        }

        var removed = 0;
        var failed = 0;
        foreach (var entry in scan.Created)
        {
            try
            {
                if (FileStatus.Stat(entry) is { IsDirectory: true })
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }

                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failed++;
            }
        }

        return new WorkspaceQuotaReport(scan.AddedBytes, removed, failed);
    }

    private long Growth() => _usedAtStart < 0 ? long.MaxValue : FileStatus.FileSystemUsedBytes(_workspace) - _usedAtStart;

    private (long AddedBytes, List<string> Created) Scan()
    {
        var created = new List<string>();
        var added = 0L;
        var pending = new Stack<(string Path, bool InsideCreated)>();
        pending.Push((_workspace, false));
        while (pending.TryPop(out var directory))
        {
            List<string> children;
            try
            {
                // Read at once: the command may be removing entries while it is measured.
                children = [.. Directory.EnumerateFileSystemEntries(directory.Path)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var child in children)
            {
                if (FileStatus.Stat(child) is not { } entry)
                {
                    continue;
                }

                // Strictly later than the start, read from the fine clock: no file made before the command looks newer.
                var born = entry.BirthNanoseconds > _startNanoseconds;
                if (born && !directory.InsideCreated)
                {
                    created.Add(child);
                }

                if (entry.IsDirectory)
                {
                    pending.Push((child, directory.InsideCreated || born));
                }
                else if (entry.IsRegularFile && (born || entry.ModifiedNanoseconds > _startNanoseconds))
                {
                    added += entry.AllocatedBytes;
                }
            }
        }

        return (added, created);
    }
}
