namespace Leviathan.Tools.Sandbox.Quota;

/// <summary>A command that wrote more than its disk quota: what it added, and how many entries it created were removed.</summary>
/// <param name="AddedBytes">Allocated bytes of the files the command created or changed.</param>
/// <param name="RemovedEntries">Files and folders the command created that were removed again.</param>
/// <param name="FailedRemovals">Created entries that could not be removed.</param>
internal sealed record WorkspaceQuotaReport(long AddedBytes, int RemovedEntries, int FailedRemovals);
