namespace Leviathan.Server.Backups;

/// <summary>The backups in the bucket, newest first.</summary>
internal sealed record BackupList(IReadOnlyList<BackupResource> Items);
