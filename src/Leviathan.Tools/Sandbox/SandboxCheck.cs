using System.Globalization;

namespace Leviathan.Tools.Sandbox;

/// <summary>One property of the sandbox, as <see cref="SandboxCheck"/> found it.</summary>
/// <param name="Name">What was checked, e.g. "own network namespace".</param>
/// <param name="Holds">Whether the property holds on this machine.</param>
/// <param name="Detail">What was seen: a figure, the evidence, or what went wrong.</param>
public sealed record SandboxCheckItem(string Name, bool Holds, string Detail);

/// <summary>
/// Checks a sandbox on this machine by running commands in it as agents do, in a scratch workspace, and looking from
/// outside: that commands start (and how long one takes); that they may write the workspace and nothing beside it; that
/// they get their own network, process and mount namespaces, cannot read the host's secrets, have no capabilities, and
/// run under no_new_privs and a seccomp filter; and that a command over its memory limit is killed.
/// </summary>
public static class SandboxCheck
{
    /// <summary>Commands timed for the start figure.</summary>
    private const int Starts = 5;

    /// <summary>The memory limit of the memory probe, which asks for about three times as much.</summary>
    private const long ProbeMemoryBytes = 64L << 20;

    /// <summary>A command killed by SIGKILL, as the shell reports it.</summary>
    private const int KilledExitCode = 128 + 9;

    private static readonly string[] Namespaces = ["net", "pid", "mnt"];

    /// <summary>What each namespace of its own gives a command.</summary>
    private static readonly Dictionary<string, string> NamespaceMeanings = new(StringComparer.Ordinal)
    {
        ["net"] = "no network unless a run grants it",
        ["pid"] = "the host's processes out of sight and reach",
        ["mnt"] = "its own view of the file system",
    };

    /// <summary>
    /// Runs the checks in <paramref name="scratch"/>, an empty folder of the caller's that it fills and leaves for the
    /// caller to remove. Stops after the first item when commands do not start at all.
    /// </summary>
    /// <exception cref="SandboxUnavailableException">The sandbox cannot be used here (for example bubblewrap is missing).</exception>
    public static async Task<IReadOnlyList<SandboxCheckItem>> RunAsync(ISandbox sandbox, string scratch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var workspace = Directory.CreateDirectory(Path.Combine(scratch, "workspace")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(scratch, "outside")).FullName;
        var items = new List<SandboxCheckItem>();

        var durations = new List<TimeSpan>();
        for (var i = 0; i < Starts; i++)
        {
            var started = await RunAsync(sandbox, workspace, ["true"], SandboxLimits.Default, cancellationToken).ConfigureAwait(false);
            if (started.ExitCode != 0)
            {
                items.Add(new SandboxCheckItem("commands start", false, $"'true' exited {started.ExitCode}: {FirstLine(started.Stderr)}"));
                return items;
            }

            durations.Add(started.Duration);
        }

        durations.Sort();
        items.Add(new SandboxCheckItem("commands start", true, string.Create(CultureInfo.InvariantCulture,
            $"{durations[Starts / 2].TotalMilliseconds:0.0} ms from start to end of 'true' (median of {Starts}, fastest {durations[0].TotalMilliseconds:0.0} ms)")));

        var probe = await RunAsync(sandbox, workspace, ["/bin/sh", "-c", ProbeScript(outside)], SandboxLimits.Default, cancellationToken).ConfigureAwait(false);
        var seen = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
        var written = File.Exists(Path.Combine(workspace, "probe"));
        items.Add(new SandboxCheckItem("workspace writable", written, written ? "a command wrote a file there" : $"a command could not write there: {FirstLine(probe.Stderr)}"));
        var escaped = File.Exists(Path.Combine(outside, "probe"));
        items.Add(new SandboxCheckItem("nothing else writable", !escaped, escaped
            ? $"a command wrote {Path.Combine(outside, "probe")}, a folder next to its workspace"
            : "a command could not write a folder next to its workspace"));
        foreach (var name in Namespaces)
        {
            var host = HostNamespace(name);
            var inside = seen.GetValueOrDefault(name);
            var own = inside is not null && host is not null && inside != host;
            items.Add(new SandboxCheckItem($"own {name} namespace", own, inside is null
                ? "the command could not read /proc/self/ns/" + name
                : own ? $"{inside}, not the host's {host}: {NamespaceMeanings[name]}" : $"the host's own ({inside})"));
        }

        // Root's and the shadow group's alone: a command that reads it has the host's root rights (or that group).
        var shadow = seen.GetValueOrDefault("shadow");
        items.Add(new SandboxCheckItem("host secrets unreadable", shadow != "read", shadow switch
        {
            "refused" => "a command could not read /etc/shadow",
            "read" => "a command read /etc/shadow: it has the host's root rights",
            _ => "this machine has no /etc/shadow to keep from commands",
        }));
        var capabilities = seen.GetValueOrDefault("CapEff");
        var noCapabilities = capabilities is not null && ulong.TryParse(capabilities, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) && mask == 0;
        items.Add(new SandboxCheckItem("no capabilities", noCapabilities, $"effective capabilities {capabilities ?? "unknown"}"));
        var noNewPrivileges = seen.GetValueOrDefault("NoNewPrivs") == "1";
        items.Add(new SandboxCheckItem("no_new_privs", noNewPrivileges, noNewPrivileges ? "set: setuid programs gain nothing" : "not set: a setuid program would run with its owner's rights"));
        var filtered = seen.GetValueOrDefault("Seccomp") == "2";
        items.Add(new SandboxCheckItem("seccomp filter", filtered, filtered ? "on" : $"off (Seccomp: {seen.GetValueOrDefault("Seccomp") ?? "unknown"})"));

        // tail keeps the whole of an endless line in memory: about 200 MB, against a 64 MB limit.
        var memory = await RunAsync(sandbox, workspace, ["/bin/sh", "-c", "head -c 200000000 /dev/zero | tail -n 1 > /dev/null"],
            SandboxLimits.Default with { MemoryBytes = ProbeMemoryBytes }, cancellationToken).ConfigureAwait(false);
        var reported = memory.LimitsHit.HasFlag(SandboxLimitHit.Memory);
        var killed = reported || memory.ExitCode == KilledExitCode;
        items.Add(new SandboxCheckItem("memory limit", killed, string.Create(CultureInfo.InvariantCulture,
            $"a command asking for 200 MB under a 64 MB limit was {(killed ? "killed" : "not killed")} (exit {memory.ExitCode})") +
            (killed && !reported ? "; the sandbox did not report the memory limit as the cause" : string.Empty)));
        return items;
    }

    private static Task<SandboxResult> RunAsync(ISandbox sandbox, string workspace, IReadOnlyList<string> arguments, SandboxLimits limits, CancellationToken cancellationToken) =>
        sandbox.RunAsync(new SandboxRequest(workspace, arguments) { Timeout = TimeSpan.FromSeconds(30), Limits = limits }, cancellationToken);

    /// <summary>
    /// Prints <c>name=value</c> lines (the namespaces; the capability, no_new_privs and seccomp lines of its status;
    /// whether it could read /etc/shadow) and tries to write a file in the workspace and one beside it.
    /// </summary>
    private static string ProbeScript(string outside) =>
        "for ns in net pid mnt; do echo \"$ns=$(readlink /proc/self/ns/$ns)\"; done; " +
        "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status | tr -d ' \\t' | sed 's/:/=/'; " +
        "if [ ! -e /etc/shadow ]; then echo shadow=absent; elif cat /etc/shadow > /dev/null 2>&1; then echo shadow=read; else echo shadow=refused; fi; " +
        "echo probe > probe; " +
        $"echo probe 2>/dev/null > '{outside.Replace("'", "'\\''", StringComparison.Ordinal)}/probe'; true";

    private static string? HostNamespace(string name)
    {
        try
        {
            return new FileInfo($"/proc/self/ns/{name}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
}
