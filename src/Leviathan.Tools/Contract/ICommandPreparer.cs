namespace Leviathan.Tools.Contract;

/// <summary>
/// A command runner that can get ready for a command it will be asked to run: a sandbox backend makes the command's
/// sandbox ahead, and the command then starts without waiting for it. Only a request equal to the prepared one uses it.
/// </summary>
public interface ICommandPreparer
{
    /// <summary>
    /// Gets ready to run <paramref name="request"/> (at most one request is held; preparing another gives up the first).
    /// Never throws: a sandbox that cannot be made is reported by the run of the command itself.
    /// </summary>
    void Prepare(CommandRequest request);
}
