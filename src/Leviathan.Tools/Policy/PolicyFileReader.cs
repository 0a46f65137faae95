using System.Text;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Reads a workspace's policy file from the host through <see cref="WorkspaceFileSystem"/>: resolved by the
/// kernel beneath the workspace with no symbolic link anywhere on the path (a <c>.leviathan</c> or
/// <c>policy.yaml</c> that is a link to <c>/etc/shadow</c> or out of the workspace is refused, not read), a
/// regular file only (no FIFO or device), at most <see cref="MaxBytes"/>.
/// </summary>
internal static class PolicyFileReader
{
    public const int MaxBytes = 1 << 20;

    /// <summary>The text of <c>&lt;workspace&gt;/.leviathan/policy.yaml</c>; null when there is none.</summary>
    /// <exception cref="PolicyException">The path goes through a link, the file is not a regular file, or it is too large.</exception>
    public static string? ReadWorkspacePolicy(string workspace)
    {
        if (!Directory.Exists(workspace))
        {
            return null;
        }

        var root = new WorkspaceRoot(workspace);
        var path = Path.Combine(root.FullPath, PolicySet.WorkspacePolicyFile);
        try
        {
            var bytes = root.Files.TryReadAllBytes(path, MaxBytes, length => $"it is {length} bytes, more than the {MaxBytes} a policy file may hold", out _);
            return bytes is null ? null : Encoding.UTF8.GetString(bytes);
        }
        catch (ToolRefusedException ex)
        {
            throw new PolicyException($"{ex.Message} The workspace policy is not read through links.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new PolicyException($"{path} cannot be used: {ex.Message}.", ex);
        }
        catch (IOException ex)
        {
            throw new PolicyException($"{path} cannot be read: {ex.Message}.", ex);
        }
    }
}
