using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Leviathan.Server.Tests.Workspaces;

/// <summary>Real .tar.gz archives, written entry by entry with the tar format's own writer, hostile ones included.</summary>
internal static class Archives
{
    public static byte[] Build(params TarEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry File(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode };

    public static PaxTarEntry Zeros(string name, int bytes) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(new byte[bytes]) };

    public static PaxTarEntry Folder(string name) => new(TarEntryType.Directory, name);

    public static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static PaxTarEntry HardLink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };

    public static PaxTarEntry Fifo(string name) => new(TarEntryType.Fifo, name);
}
