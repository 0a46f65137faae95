namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>The <c>.lock</c> files that git and checkpoints take with an exclusive create.</summary>
internal static class LockFile
{
    // errno EEXIST, which .NET gives as the HResult of the IOException on Linux.
    private const int FileExists = 17;

    /// <summary>
    /// Whether an exclusive create of <paramref name="lockFile"/> failed because another writer holds it: by the error
    /// itself, since the holder may have renamed the lock into place by the time anyone looks for it.
    /// </summary>
    public static bool HeldByAnother(IOException failure, string lockFile) => failure.HResult == FileExists || File.Exists(lockFile);
}
