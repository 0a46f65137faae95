namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The native launcher (Native/launch.c, built with the Tools project): idmaps the workspace and drops root,
/// hands bubblewrap its seccomp filter, and gives the <c>none</c> backend a PID namespace that dies with the CLI.
/// </summary>
internal static class SandboxLauncher
{
    /// <summary>The file name next to the Leviathan assemblies.</summary>
    public const string FileName = "leviathan-sandbox-launch";

    /// <summary>Where the launcher stages the idmapped workspace in its private mount namespace; covered by the sandbox's own /tmp.</summary>
    public const string Stage = "/tmp";

    /// <summary>The staged workspace as bubblewrap finds it.</summary>
    public const string StagedWorkspace = Stage + "/ws";

    /// <summary>The minimal /dev the launcher stages (<c>--dev</c>: its devices, links and a devpts instance of its own).</summary>
    public const string StagedDevices = Stage + "/dev";

    public const string Hint = "rebuild Leviathan (dotnet build compiles it; it needs gcc and libseccomp-dev: bash scripts/setup.sh installs both)";

    /// <summary>The launcher's path.</summary>
    /// <exception cref="SandboxUnavailableException">It is missing, or others could replace it.</exception>
    public static string Find(SandboxOptions options)
    {
        var path = options.LauncherProgram ?? Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new SandboxUnavailableException($"The sandbox launcher '{path}' is missing.", Hint);
        }

        // It runs as root when Leviathan does: a copy others may write would be root for them.
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new SandboxUnavailableException($"The sandbox launcher '{path}' is writable by other users ({mode}); refusing to run it.", $"chmod go-w '{path}'");
        }

        return path;
    }
}
