using System.Diagnostics;
using System.Security.Cryptography;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// A project's own environment for the podman backend: an image name is used as it is; a Containerfile (or
/// Dockerfile) is built once with <c>podman build</c> into <c>localhost/leviathan-project:HASH</c>, where HASH is
/// taken from the file's content, so that an unchanged file is never built again and an edited one always is.
/// </summary>
internal static class PodmanImageBuilder
{
    /// <summary>The repository of images built from a Containerfile.</summary>
    public const string Repository = "localhost/leviathan-project";

    /// <summary>Whether the setting names a Containerfile rather than an image.</summary>
    public static bool IsContainerfile(string image) =>
        Path.IsPathRooted(image) && (File.Exists(image) || Path.GetFileName(image).Contains("Containerfile", StringComparison.Ordinal)
            || Path.GetFileName(image).Contains("Dockerfile", StringComparison.Ordinal));

    /// <summary>The image tag a Containerfile builds into (from its content).</summary>
    /// <exception cref="SandboxUnavailableException">The file does not exist.</exception>
    public static string TagOf(string containerfile)
    {
        if (!File.Exists(containerfile))
        {
            throw new SandboxUnavailableException($"The Containerfile '{containerfile}' (sandbox.image) does not exist.", "give an image name or the absolute path of an existing Containerfile");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(containerfile)));
        return $"{Repository}:{hash[..16]}";
    }

    /// <summary>Builds the image unless an image of this content exists; returns its tag.</summary>
    /// <exception cref="SandboxUnavailableException">The build failed (the message ends with its last output lines).</exception>
    public static async Task<string> EnsureBuiltAsync(string podman, string containerfile, CancellationToken cancellationToken)
    {
        var tag = TagOf(containerfile);
        if ((await RunAsync(podman, ["image", "exists", tag], cancellationToken).ConfigureAwait(false)).ExitCode == 0)
        {
            return tag;
        }

        // runc: crun, podman's default, does not start containers on this kernel (nor build steps).
        var (exitCode, output) = await RunAsync(
            podman,
            ["--runtime", "runc", "build", "--tag", tag, "--file", containerfile, Path.GetDirectoryName(containerfile)!],
            cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            var last = string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));
            throw new SandboxUnavailableException(
                $"podman build of '{containerfile}' failed (exit code {exitCode}):\n{last}",
                "fix the Containerfile; images are built locally (there is no registry), FROM localhost/leviathan-sandbox:bookworm works here");
        }

        return tag;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string podman, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(podman) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }
}
