using System.Formats.Tar;
using Leviathan.Persistence.Backups;
using Leviathan.Testing;
using ZstdSharp;

namespace Leviathan.Persistence.Tests;

/// <summary>Unpacking a backup archive: only the names a backup writes, so no entry lands outside the restore folder.</summary>
public sealed class BackupArchiveTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-archive");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("../escaped.db")]
    [InlineData("/tmp/escaped.db")]
    [InlineData("blobs/sha256/../../../escaped.db")]
    [InlineData("blobs/sha256/ab/not-a-hash")]
    public async Task Extract_AnEntryOutsideTheBackupLayout_IsRefusedAndNothingIsWrittenOutside(string name)
    {
        var archive = await ArchiveAsync(name, TarEntryType.RegularFile);
        var folder = _temp.Combine("restore", "unpacked");

        var refused = await Should.ThrowAsync<BackupException>(() => BackupArchive.ExtractAsync(archive, folder, CancellationToken.None));

        refused.Fault.ShouldBe(BackupFault.Corrupt);
        refused.Message.ShouldContain($"an entry '{name}' that a backup never writes");
        File.Exists(_temp.Combine("restore", "escaped.db")).ShouldBeFalse();
        File.Exists(_temp.Combine("escaped.db")).ShouldBeFalse();
        File.Exists("/tmp/escaped.db").ShouldBeFalse();
    }

    [Fact]
    public async Task Extract_ASymbolicLink_IsRefused()
    {
        var archive = await ArchiveAsync("leviathan.db", TarEntryType.SymbolicLink);

        var refused = await Should.ThrowAsync<BackupException>(() => BackupArchive.ExtractAsync(archive, _temp.Combine("unpacked"), CancellationToken.None));

        refused.Message.ShouldContain("SymbolicLink entry 'leviathan.db'");
    }

    [Fact]
    public async Task Extract_AFileThatIsNotZstd_IsRefusedAsNotABackup()
    {
        var archive = _temp.Combine("plain.tar.zst");
        await File.WriteAllTextAsync(archive, "this is not a backup");

        var refused = await Should.ThrowAsync<BackupException>(() => BackupArchive.ExtractAsync(archive, _temp.Combine("unpacked"), CancellationToken.None));

        refused.Fault.ShouldBe(BackupFault.Corrupt);
        refused.Message.ShouldContain("is not a readable Leviathan backup");
    }

    private async Task<string> ArchiveAsync(string name, TarEntryType type)
    {
        var path = _temp.Combine($"{Guid.NewGuid():N}.tar.zst");
        await using var file = File.Create(path);
        await using var zstd = new CompressionStream(file, 3);
        await using var tar = new TarWriter(zstd, TarEntryFormat.Pax);
        var manifest = new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream("""{"format":1,"provider":"sqlite"}"""u8.ToArray()) };
        await tar.WriteEntryAsync(manifest);
        var entry = new PaxTarEntry(type, name);
        if (type == TarEntryType.SymbolicLink)
        {
            entry.LinkName = "/etc/passwd";
        }
        else
        {
            entry.DataStream = new MemoryStream("evil"u8.ToArray());
        }

        await tar.WriteEntryAsync(entry);
        return path;
    }
}
