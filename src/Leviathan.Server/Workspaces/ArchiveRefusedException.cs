namespace Leviathan.Server.Workspaces;

/// <summary>An uploaded archive was refused: it is not a gzip-compressed tar (<see cref="Malformed"/>), an entry would escape its folder, or it is over a limit (<see cref="TooLarge"/>).</summary>
internal sealed class ArchiveRefusedException(string message, bool tooLarge = false, bool malformed = false) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;

    public bool Malformed { get; } = malformed;
}
