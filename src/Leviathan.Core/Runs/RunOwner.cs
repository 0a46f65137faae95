namespace Leviathan.Core.Runs;

/// <summary>
/// The process that runs a run, recorded when it starts so that a later process can tell a run that is still
/// being worked on from one whose process died (shown as <c>interrupted</c>).
/// </summary>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The operating system's process id.</param>
/// <param name="StartMark">What tells this process from a later one with the same id: the boot id and the
/// process start time in clock ticks (<c>/proc/PID/stat</c> field 22); null where the system does not say.</param>
public sealed record RunOwner(string Host, int ProcessId, string? StartMark);
