using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// A workspace and a sibling folder outside it, never under /tmp or /var/tmp: those are private,
/// writable tmpfs mounts inside the sandbox, so only a host path shows a refused write outside. The
/// test output folder is used unless the checkout itself lives in a temp folder.
/// </summary>
public sealed class SandboxTestWorkspace : IDisposable
{
    public SandboxTestWorkspace()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var parent = baseDirectory.StartsWith("/tmp/", StringComparison.Ordinal) || baseDirectory.StartsWith("/var/tmp/", StringComparison.Ordinal)
            ? "/var/lib/leviathan-sandbox-tests"
            : Path.Combine(baseDirectory, "sandbox-tests");
        Root = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Workspace = Path.Combine(Root, "ws");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Workspace);
        Directory.CreateDirectory(Outside);
    }

    public string Root { get; }

    public string Workspace { get; }

    public string Outside { get; }

    /// <summary>A Leviathan home beside the workspace (host-side state lives under it); created on first use.</summary>
    public string Home => Path.Combine(Root, "home");

    public SandboxRequest Shell(string script, TimeSpan? timeout = null, SandboxLimits? limits = null, bool network = false) =>
        new(Workspace, ["/bin/sh", "-c", script])
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            Limits = limits ?? SandboxLimits.Default,
            Network = network,
        };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder must not fail a test.
        }
    }
}
