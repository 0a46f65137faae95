namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>The stat fields git keeps per index entry (each truncated to 32 bits, as git stores them).</summary>
internal readonly record struct GitFileStat(uint CtimeSeconds, uint CtimeNanoseconds, uint MtimeSeconds, uint MtimeNanoseconds, uint Device, uint Inode, uint Uid, uint Gid, uint Size)
{
    /// <summary>Whether a file with this stat was modified at or after <paramref name="seconds"/>.<paramref name="nanoseconds"/> (git's "racily clean" test).</summary>
    public bool ModifiedNoEarlierThan(uint seconds, uint nanoseconds) =>
        MtimeSeconds > seconds || (MtimeSeconds == seconds && MtimeNanoseconds >= nanoseconds);
}
