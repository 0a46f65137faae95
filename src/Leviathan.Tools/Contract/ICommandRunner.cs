namespace Leviathan.Tools.Contract;

/// <summary>
/// Runs one command for a tool. This is the seam through which <c>run_command</c> reaches a sandbox:
/// the sandbox backends implement it, and tools never start processes themselves.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs the command to completion, its timeout, or cancellation.</summary>
    /// <returns>The command's outcome; a non-zero exit or a timeout is a result, not an exception.</returns>
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);
}
