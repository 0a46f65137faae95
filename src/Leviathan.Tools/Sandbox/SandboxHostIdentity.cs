using System.Globalization;

namespace Leviathan.Tools.Sandbox;

/// <summary>The effective user and group of this process: who invoked Leviathan, and so who owns what a sandbox writes.</summary>
internal sealed record SandboxHostIdentity(uint Uid, uint Gid)
{
    private static readonly Lazy<SandboxHostIdentity> CurrentIdentity = new(Read);

    /// <summary>This process's effective ids.</summary>
    public static SandboxHostIdentity Current => CurrentIdentity.Value;

    /// <summary>Whether this process runs as root, and so must drop to the sandbox user before any sandbox starts.</summary>
    public bool IsRoot => Uid == 0;

    private static SandboxHostIdentity Read()
    {
        // The effective id is the second field of the Uid: and Gid: lines.
        uint uid = 0, gid = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                uid = Field(line);
            }
            else if (line.StartsWith("Gid:", StringComparison.Ordinal))
            {
                gid = Field(line);
            }
        }

        return new SandboxHostIdentity(uid, gid);
    }

    private static uint Field(string line) =>
        uint.Parse(line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[2], NumberStyles.None, CultureInfo.InvariantCulture);
}
