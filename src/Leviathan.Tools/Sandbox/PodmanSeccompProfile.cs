using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The seccomp profile of the podman backend: podman's own default profile (an allow-list) with the calls that
/// could make a set-user-ID or set-group-ID file, attach to another process, create a user namespace or bypass
/// the filter (io_uring) allowed only with safe arguments, or not at all. Written once per content to a
/// root-only folder.
/// </summary>
internal static class PodmanSeccompProfile
{
    public const string DefaultProfile = "/usr/share/containers/seccomp.json";

    private const long SpecialBits = 0xC00; // S_ISUID | S_ISGID
    private const long CreateFlags = 0x40 | 0x400000; // O_CREAT | the bit that makes O_TMPFILE
    private const long NewUserNamespace = 0x10000000; // CLONE_NEWUSER

    // Allowed only with the arguments below, or (the rest) not at all.
    private static readonly string[] Restricted =
    [
        "chmod", "fchmod", "fchmodat", "fchmodat2", "mkdir", "mkdirat", "mknod", "mknodat", "creat", "open", "openat", "openat2",
        "ptrace", "unshare", "setns", "clone3", "io_uring_setup", "io_uring_enter", "io_uring_register",
        "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key", "process_vm_readv", "process_vm_writev",
    ];

    // Every ptrace request except PTRACE_ATTACH (16) and PTRACE_SEIZE (0x4206): a debugger of its own children works.
    private static readonly long[] PtraceRequests =
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 17, 18, 19, 24, 25, 26, 31, 32, 0x4200, 0x4201, 0x4202, 0x4203, 0x4204, 0x4205, 0x4207, 0x4208, 0x4209, 0x420a, 0x420b, 0x420c, 0x420d, 0x420e];

    /// <summary>Writes the profile (if not there yet) and returns its path.</summary>
    /// <exception cref="SandboxUnavailableException">podman's default profile is missing.</exception>
    public static string Write(string folder)
    {
        if (!File.Exists(DefaultProfile))
        {
            throw new SandboxUnavailableException($"podman's default seccomp profile {DefaultProfile} is missing.", "sudo apt-get install -y golang-github-containers-common");
        }

        var text = Build(File.ReadAllText(DefaultProfile));
        var path = Path.Combine(folder, $"seccomp-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16]}.json");
        if (!File.Exists(path))
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }

    /// <summary>The restricted profile built from podman's default one.</summary>
    internal static string Build(string defaultProfile)
    {
        var profile = JsonNode.Parse(defaultProfile)!.AsObject();
        var syscalls = profile["syscalls"]!.AsArray();
        foreach (var rule in syscalls.Select(r => r!.AsObject()).ToList())
        {
            if ((string?)rule["action"] != "SCMP_ACT_ALLOW")
            {
                continue;
            }

            var names = rule["names"]!.AsArray();
            foreach (var name in names.Where(n => Restricted.Contains((string?)n, StringComparer.Ordinal)).ToList())
            {
                names.Remove(name);
            }

            if (names.Count == 0)
            {
                syscalls.Remove(rule);
            }
        }

        foreach (var (name, modeIndex) in new (string, int)[] { ("chmod", 1), ("fchmod", 1), ("fchmodat", 2), ("fchmodat2", 2), ("mkdir", 1), ("mkdirat", 2), ("mknod", 1), ("mknodat", 2), ("creat", 1) })
        {
            syscalls.Add(Allow(name, Masked(modeIndex, SpecialBits, 0)));
            syscalls.Add(Refuse(name, Masked(modeIndex, 0x800, 0x800)));
            syscalls.Add(Refuse(name, Masked(modeIndex, 0x400, 0x400)));
        }

        // Refused with "not permitted", as by the kernel, rather than the profile's default "not implemented".
        foreach (var (name, flagsIndex) in new (string, int)[] { ("open", 1), ("openat", 2) })
        {
            foreach (var bit in new long[] { 0x800, 0x400 })
            {
                syscalls.Add(Refuse(name, Masked(flagsIndex, 0x40, 0x40), Masked(flagsIndex + 1, bit, bit)));
            }
        }

        syscalls.Add(Refuse("unshare", Masked(0, NewUserNamespace, NewUserNamespace)));
        syscalls.Add(Refuse("ptrace", new JsonObject { ["index"] = 0, ["value"] = 16, ["valueTwo"] = 0, ["op"] = "SCMP_CMP_EQ" }));
        syscalls.Add(Refuse("ptrace", new JsonObject { ["index"] = 0, ["value"] = 0x4206, ["valueTwo"] = 0, ["op"] = "SCMP_CMP_EQ" }));

        syscalls.Add(Allow("open", Masked(1, CreateFlags, 0)));
        syscalls.Add(Allow("open", Masked(2, SpecialBits, 0)));
        syscalls.Add(Allow("openat", Masked(2, CreateFlags, 0)));
        syscalls.Add(Allow("openat", Masked(3, SpecialBits, 0)));
        syscalls.Add(Allow("unshare", Masked(0, NewUserNamespace, 0)));
        foreach (var request in PtraceRequests)
        {
            syscalls.Add(Allow("ptrace", new JsonObject { ["index"] = 0, ["value"] = request, ["valueTwo"] = 0, ["op"] = "SCMP_CMP_EQ" }));
        }

        return profile.ToJsonString();
    }

    private static JsonObject Masked(int index, long mask, long value) =>
        new() { ["index"] = index, ["value"] = mask, ["valueTwo"] = value, ["op"] = "SCMP_CMP_MASKED_EQ" };

    private static JsonObject Refuse(string name, params JsonObject[] arguments) => new()
    {
        ["names"] = new JsonArray(name),
        ["action"] = "SCMP_ACT_ERRNO",
        ["errnoRet"] = 1,
        ["args"] = new JsonArray([.. arguments]),
    };

    private static JsonObject Allow(string name, JsonObject argument) => new()
    {
        ["names"] = new JsonArray(name),
        ["action"] = "SCMP_ACT_ALLOW",
        ["args"] = new JsonArray(argument),
    };
}
