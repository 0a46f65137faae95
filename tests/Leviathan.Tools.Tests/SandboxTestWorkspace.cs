using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// A workspace and a sibling folder outside it, under the test output folder rather than /tmp: /tmp is
/// a private, writable tmpfs inside the sandbox, so only a host path shows a refused write outside.
/// </summary>
public sealed class SandboxTestWorkspace : IDisposable
{
    public SandboxTestWorkspace()
    {
        Root = Path.Combine(AppContext.BaseDirectory, "sandbox-tests", Guid.NewGuid().ToString("N"));
        Workspace = Path.Combine(Root, "ws");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Workspace);
        Directory.CreateDirectory(Outside);
    }

    public string Root { get; }

    public string Workspace { get; }

    public string Outside { get; }

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
