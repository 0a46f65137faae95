using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Leviathan.Testing;

/// <summary>
/// A real S3-compatible server for tests: s3rver (npm, installed by scripts/setup.d/60-s3rver.sh into .tools/npm) on
/// 127.0.0.1 at a free port, with one bucket, its data in a temp folder, stopped on dispose. Its credentials are
/// s3rver's fixed <c>S3RVER</c>/<c>S3RVER</c>; it needs path-style addressing.
/// </summary>
public sealed partial class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly TempDirectory _data;

    private S3rverServer(Process process, TempDirectory data, Uri endpoint, string bucket)
    {
        _process = process;
        _data = data;
        Endpoint = endpoint;
        Bucket = bucket;
    }

    public Uri Endpoint { get; }

    public string Bucket { get; }

    /// <summary>Starts s3rver. Fails (never skips) when it is not installed.</summary>
    public static async Task<S3rverServer> StartAsync(string bucket = "leviathan-backups", CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(RepositoryRoot.Path, ".tools", "npm", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed ({script} is missing): run scripts/setup.sh, or just bash scripts/setup.d/60-s3rver.sh");
        }

        var data = new TempDirectory("leviathan-s3rver");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "-d", data.Path, "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", bucket })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start s3rver");
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new S3rverServer(process, data, new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), bucket);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        data.Dispose();
        throw new InvalidOperationException($"s3rver exited ({process.ExitCode}) before it listened");
    }

    /// <summary>A loopback address where nothing listens: an S3 endpoint that cannot be reached.</summary>
    public static Uri ClosedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _data.Dispose();
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
