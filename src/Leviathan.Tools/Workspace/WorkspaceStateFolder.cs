using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Files;

namespace Leviathan.Tools.Workspace;

/// <summary>
/// Where Leviathan keeps its own state about one workspace: <c>&lt;home&gt;/workspaces/&lt;key&gt;/</c>, outside the
/// workspace, where neither a sandboxed command nor a repository's content can reach it. The key is the
/// workspace folder's name plus a hash of its canonical path, so the same folder (however it is named on the
/// command line) always finds the same state. It holds the snapshot repository, the TODO copy and run notes.
/// </summary>
/// <remarks>
/// Nothing here is ever read from or written into the workspace: a <c>.leviathan/snapshots.git</c> that comes
/// with a workspace is ignored.
/// </remarks>
public sealed class WorkspaceStateFolder
{
    /// <summary>The folder under the Leviathan home that holds one folder per workspace.</summary>
    public const string WorkspacesFolder = "workspaces";

    /// <summary>The file in the state folder that names the workspace it belongs to.</summary>
    public const string DescriptionFile = "workspace.json";

    private WorkspaceStateFolder(string home, string workspace, string path)
    {
        Home = home;
        Workspace = workspace;
        FullPath = path;
    }

    /// <summary>The Leviathan home.</summary>
    public string Home { get; }

    /// <summary>The workspace, canonical (every symbolic link resolved).</summary>
    public string Workspace { get; }

    /// <summary>The state folder, <c>&lt;home&gt;/workspaces/&lt;key&gt;</c>.</summary>
    public string FullPath { get; }

    /// <summary>Leviathan's snapshot repository for this workspace.</summary>
    public string SnapshotRepository => Path.Combine(FullPath, "snapshots.git");

    /// <summary>The host-side copy of the current TODO list (the trace store holds the authoritative one).</summary>
    public string TodoFile => Path.Combine(FullPath, "todo.md");

    /// <summary>Whether the state folder exists (some run or command kept state for this workspace).</summary>
    public bool Exists => Directory.Exists(FullPath);

    /// <summary>The state folder of a workspace; nothing is created until <see cref="Create"/>.</summary>
    /// <param name="home">The Leviathan home (<c>--home</c>, <c>$LEVIATHAN_HOME</c> or <c>~/.leviathan</c>).</param>
    /// <param name="workspace">The workspace directory; it must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The workspace does not exist.</exception>
    /// <exception cref="InvalidOperationException">The Leviathan home is inside the workspace, where sandboxed commands could change it.</exception>
    public static WorkspaceStateFolder For(string home, string workspace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        var canonical = new WorkspaceRoot(workspace).FullPath;
        var homePath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(home));
        var canonicalHome = CanonicalExisting(homePath);
        if (canonicalHome == canonical || canonicalHome.StartsWith(canonical.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The Leviathan home '{homePath}' is inside the workspace '{canonical}', where agents and sandboxed commands could change Leviathan's own state; use a home outside the workspace (--home or LEVIATHAN_HOME).");
        }

        return new WorkspaceStateFolder(homePath, canonical, Path.Combine(homePath, WorkspacesFolder, Key(canonical)));
    }

    /// <summary>The folder name of a canonical workspace path: a readable name plus a hash of the whole path.</summary>
    public static string Key(string canonicalWorkspace)
    {
        ArgumentNullException.ThrowIfNull(canonicalWorkspace);
        var name = Path.GetFileName(canonicalWorkspace.TrimEnd('/'));
        var readable = new StringBuilder();
        foreach (var c in name.Length == 0 ? "root" : name)
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
            if (readable.Length == 40)
            {
                break;
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalWorkspace)))[..16];
        return $"{readable.ToString().TrimStart('.')}-{hash}";
    }

    /// <summary>Creates the state folder (private to the user) and its description; returns it.</summary>
    /// <exception cref="InvalidOperationException">The folder exists but names another workspace.</exception>
    public WorkspaceStateFolder Create()
    {
        if (!Directory.Exists(FullPath))
        {
            Directory.CreateDirectory(FullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var description = Path.Combine(FullPath, DescriptionFile);
        if (File.Exists(description))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(description));
            var owner = document.RootElement.TryGetProperty("workspace", out var value) ? value.GetString() : null;
            if (owner != Workspace)
            {
                throw new InvalidOperationException(
                    $"The state folder '{FullPath}' belongs to the workspace '{owner}', not '{Workspace}'; move it away to start afresh.");
            }
        }
        else
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("workspace", Workspace);
                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            // Through a rename: a concurrent first use of the workspace reads the whole description or none.
            AtomicFile.WriteAllBytes(description, buffer.ToArray());
        }

        return this;
    }

    // The home may not exist yet: resolve the longest existing prefix, keep the rest as written.
    private static string CanonicalExisting(string path)
    {
        var existing = path;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var canonical = new WorkspaceRoot(existing).FullPath;
        while (rest.Count > 0)
        {
            canonical = Path.Join(canonical, rest.Pop());
        }

        return canonical;
    }
}
