namespace Leviathan.Evaluation.Tests;

/// <summary>The shipped packs, and scratch folders that sandboxed commands can use as workspaces.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Leviathan.Testing.RepositoryRoot.Path;

    public static string PythonBugs => Path.Combine(RepositoryRoot, "examples", "suites", "python-bugs");

    /// <summary>
    /// A fresh folder for a sandbox workspace. Not under /tmp or /var/tmp: those are private tmpfs mounts inside
    /// the sandbox; the test output folder is used unless the checkout itself lives in a temp folder.
    /// </summary>
    public static string NewWorkspaceRoot()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var parent = baseDirectory.StartsWith("/tmp/", StringComparison.Ordinal) || baseDirectory.StartsWith("/var/tmp/", StringComparison.Ordinal)
            ? "/var/lib/leviathan-sandbox-tests"
            : Path.Combine(baseDirectory, "suite-workspaces");
        var root = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return root;
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
