using System.Collections;
using Leviathan.Tools.Sandbox.Toolchains;

namespace Leviathan.Tools.Sandbox;

/// <summary>The environment a sandboxed command sees: an allow-list from the host plus the request's own variables.</summary>
internal static class SandboxEnvironment
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyDictionary<string, string?> Host(SandboxOptions options) =>
        options.HostEnvironment ?? System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    public static Dictionary<string, string> Build(SandboxOptions options, SandboxRequest request, string home, SandboxToolchain? toolchain = null)
    {
        var host = Host(options);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in options.PassEnvironment)
        {
            if (host.TryGetValue(name, out var value) && value is not null)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in toolchain?.Environment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        if (toolchain?.Path is { Length: > 0 } path)
        {
            environment["PATH"] = path;
        }

        environment.TryAdd("PATH", DefaultPath);
        environment["HOME"] = home;
        environment["TMPDIR"] = "/tmp";
        foreach (var (name, value) in request.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Whether two environments hold the same variables with the same values.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var value) && value == e.Value);
}
