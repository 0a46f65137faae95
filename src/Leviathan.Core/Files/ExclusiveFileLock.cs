namespace Leviathan.Core.Files;

/// <summary>
/// An exclusive OS file lock on a lock file (<c>flock</c> on Unix, which is what <see cref="FileShare.None"/> takes), so that
/// writers in several processes, or several in one, take turns. The lock is released when the stream is disposed or its
/// process exits: a crashed holder leaves nothing behind but the empty file.
/// </summary>
public static class ExclusiveFileLock
{
    // errno EWOULDBLOCK, which .NET gives as the HResult of the IOException when another holds the lock.
    private const int HeldByAnother = 11;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Takes the lock on <paramref name="lockFile"/> (created when missing), waiting while another holds it.</summary>
    /// <param name="lockFile">The lock file; its folder must exist.</param>
    /// <param name="wait">How long to wait for another holder before giving up.</param>
    /// <param name="time">The clock the wait is measured and slept on.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The held lock; dispose it to release it.</returns>
    /// <exception cref="DirectoryNotFoundException">The lock file's folder does not exist.</exception>
    /// <exception cref="IOException">Another holder kept the lock for longer than <paramref name="wait"/>, or the file cannot be
    /// opened (a read-only or full file system: at once, without waiting).</exception>
    public static async Task<FileStream> AcquireAsync(string lockFile, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (ex.HResult == HeldByAnother)
            {
                if (time.GetElapsedTime(started) >= wait)
                {
                    throw new IOException($"another writer has held {lockFile} for over {wait.TotalSeconds:0} s; wait for it to finish and try again", ex);
                }
            }

            await Task.Delay(RetryInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
