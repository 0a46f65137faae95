namespace Leviathan.Tools.Sandbox.Cgroups;

/// <summary>
/// Where new cgroups go on this machine, found at run time: for v1, one parent directory per
/// controller; for v2, one parent directory. Parents default to the cgroup of the current process,
/// so sandboxes stay inside whatever limits the caller already runs under.
/// </summary>
internal sealed class CgroupLayout
{
    /// <summary>The controllers every sandbox needs.</summary>
    public static readonly string[] Controllers = ["memory", "cpu", "pids"];

    private static Detected? _last;

    private CgroupLayout(CgroupVersion version, IReadOnlyDictionary<string, string> parents)
    {
        Version = version;
        Parents = parents;
    }

    public CgroupVersion Version { get; }

    /// <summary>v1: controller name to parent directory. v2: every controller maps to the same directory.</summary>
    public IReadOnlyDictionary<string, string> Parents { get; }

    /// <summary>
    /// Reads <c>/proc/self/cgroup</c> and, the first time or when this process moved to other cgroups, <c>/proc/self/mounts</c>.
    /// The layout is remembered with the cgroups it was worked out from: cgroup hierarchies are mounted once at boot, and the
    /// whole mount table (which the kernel prints anew on every read) is not worth reading again for every command.
    /// </summary>
    /// <param name="parentOverride">A cgroup path (relative to the cgroup mount) to create sandboxes under instead of the current process's cgroup.</param>
    /// <exception cref="SandboxUnavailableException">No usable memory, cpu and pids controllers.</exception>
    public static CgroupLayout Detect(string? parentOverride)
    {
        var selfCgroup = File.ReadAllText("/proc/self/cgroup");
        if (_last is { } last && last.SelfCgroup == selfCgroup && last.ParentOverride == parentOverride)
        {
            return last.Layout;
        }

        var layout = Parse(File.ReadAllText("/proc/self/mounts"), selfCgroup, parentOverride);
        _last = new Detected(selfCgroup, parentOverride, layout);
        return layout;
    }

    /// <summary>Works out the layout from the text of the mounts and cgroup files of a process.</summary>
    public static CgroupLayout Parse(string mounts, string selfCgroup, string? parentOverride)
    {
        var v1Mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? v2Mount = null;
        foreach (var line in mounts.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }

            var mountPoint = Unescape(fields[1]);
            if (fields[2] == "cgroup2")
            {
                v2Mount ??= mountPoint;
            }
            else if (fields[2] == "cgroup")
            {
                foreach (var option in fields[3].Split(','))
                {
                    if (Controllers.Contains(option, StringComparer.Ordinal))
                    {
                        v1Mounts.TryAdd(option, mountPoint);
                    }
                }
            }
        }

        var v1Paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string? v2Path = null;
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                v2Path = parts[2];
                continue;
            }

            foreach (var controller in parts[1].Split(','))
            {
                v1Paths.TryAdd(controller, parts[2]);
            }
        }

        if (Controllers.All(v1Mounts.ContainsKey))
        {
            var parents = Controllers.ToDictionary(
                c => c,
                c => Join(v1Mounts[c], parentOverride ?? (v1Paths.TryGetValue(c, out var p) ? p : "/")),
                StringComparer.Ordinal);
            return new CgroupLayout(CgroupVersion.V1, parents);
        }

        if (v2Mount is not null && v1Mounts.Count == 0)
        {
            var available = ReadWords(Path.Join(v2Mount, "cgroup.controllers"));
            var missing = Controllers.Where(c => !available.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new SandboxUnavailableException(
                    $"The cgroup v2 hierarchy at {v2Mount} lacks the {string.Join(", ", missing)} controller(s) the sandbox needs for its limits.",
                    "enable them in the kernel (cgroup_enable=...), or run with cgroup limits turned off (sandbox.cgroups: false)");
            }

            var parent = Join(v2Mount, parentOverride ?? v2Path ?? "/");
            return new CgroupLayout(CgroupVersion.V2, Controllers.ToDictionary(c => c, _ => parent, StringComparer.Ordinal));
        }

        throw new SandboxUnavailableException(
            "No cgroup hierarchy offers the memory, cpu and pids controllers the sandbox needs for its limits.",
            "mount cgroups (v1 under /sys/fs/cgroup/<controller> or v2 at /sys/fs/cgroup), or run with cgroup limits turned off (sandbox.cgroups: false)");
    }

    private static string Join(string mountPoint, string cgroupPath) =>
        Path.Join(mountPoint, cgroupPath.TrimStart('/')).TrimEnd('/') is { Length: > 0 } joined ? joined : "/";

    private static HashSet<string> ReadWords(string file) =>
        File.Exists(file)
            ? [.. File.ReadAllText(file).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)]
            : [];

    // /proc/self/mounts escapes spaces and a few other characters as octal (\040).
    private static string Unescape(string field) =>
        field.Contains('\\', StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
            : field;

    private sealed record Detected(string SelfCgroup, string? ParentOverride, CgroupLayout Layout);
}
