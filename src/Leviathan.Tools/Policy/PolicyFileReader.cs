using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Reads a workspace's policy file from the host with no-follow semantics: <c>.leviathan</c> is opened with
/// <c>O_NOFOLLOW | O_DIRECTORY</c> and <c>policy.yaml</c> with <c>openat(..., O_NOFOLLOW | O_NONBLOCK)</c>, so a
/// symbolic link at either place is refused by the kernel, not followed; a FIFO or device is refused too,
/// and at most <see cref="MaxBytes"/> are read.
/// </summary>
internal static class PolicyFileReader
{
    public const int MaxBytes = 1 << 20;

    private const int ELOOP = 40;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int OReadOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloseOnExec = 0x80000;

    // The two flags whose values differ between the Linux architectures .NET runs on.
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
    private static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>The text of <c>&lt;workspace&gt;/.leviathan/policy.yaml</c>; null when there is none.</summary>
    /// <exception cref="PolicyException">The folder or file is a link, the file is not a regular file, or it is too large.</exception>
    public static string? ReadWorkspacePolicy(string workspace)
    {
        var root = PolicyPaths.Workspace(workspace);
        var folderName = Path.GetDirectoryName(PolicySet.WorkspacePolicyFile)!;
        var fileName = Path.GetFileName(PolicySet.WorkspacePolicyFile);
        var folder = Path.Combine(root, folderName);
        var path = Path.Combine(folder, fileName);

        var directory = Open(folder, OReadOnly | ODirectory | ONoFollow | OCloseOnExec, 0);
        if (directory < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == ENOENT ? null
                : error is ELOOP or ENOTDIR ? throw new PolicyException($"{folder} is not a folder (a symbolic link{LinkText(folder)}?); the workspace policy is not read through links or from other files.")
                : throw new PolicyException($"{folder} cannot be opened: {Marshal.GetPInvokeErrorMessage(error)}.");
        }

        var fd = OpenAt(directory, fileName, OReadOnly | ONoFollow | ONonBlock | OCloseOnExec, 0);
        var openError = Marshal.GetLastPInvokeError();
        _ = Close(directory);
        if (fd < 0)
        {
            var error = openError;
            return error == ENOENT ? null
                : error == ELOOP ? throw new PolicyException($"{path} is a symbolic link{LinkText(path)}; the workspace policy is not read through links.")
                : throw new PolicyException($"{path} cannot be opened: {Marshal.GetPInvokeErrorMessage(error)}.");
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        FileStream stream;
        try
        {
            stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PolicyException($"{path} is not a regular file ({ex.Message}).", ex);
        }

        using (stream)
        {
            if (!stream.CanSeek)
            {
                throw new PolicyException($"{path} is not a regular file (a pipe or a device); the workspace policy is read from a plain file only.");
            }

            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            if (read > MaxBytes)
            {
                throw new PolicyException($"{path} is larger than {MaxBytes} bytes, the most a policy file may hold.");
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
    }

    private static string LinkText(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is { } target ? $" to {target}" : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAt(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
