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
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private readonly SemaphoreSlim _logged = new(0);

    private S3rverServer(Process process, TempDirectory data, Uri endpoint, string bucket)
    {
        _process = process;
        _data = data;
        Endpoint = endpoint;
        Bucket = bucket;
    }

    public Uri Endpoint { get; }

    public string Bucket { get; }

    /// <summary>What s3rver logged so far (with <c>verbose</c> only), e.g. "Stored part 2 of UPLOAD in bucket …" for each part of a multipart upload.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>The parts of multipart uploads s3rver stored so far (with <c>verbose</c> only).</summary>
    public int PartsStored => _log.Count(line => StoredPartLine().IsMatch(line));

    /// <summary>Starts s3rver. Fails (never skips) when it is not installed.</summary>
    /// <param name="bucket">The bucket to create.</param>
    /// <param name="verbose">Keep s3rver's log (<see cref="Log"/>) instead of silencing it.</param>
    /// <param name="cancellationToken">Stops waiting for it to listen.</param>
    public static async Task<S3rverServer> StartAsync(string bucket = "leviathan-backups", bool verbose = false, CancellationToken cancellationToken = default)
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
        foreach (var argument in new[] { script, "-d", data.Path, "-a", "127.0.0.1", "-p", "0", verbose ? string.Empty : "--silent", "--configure-bucket", bucket }.Where(a => a.Length > 0))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start s3rver");
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                var server = new S3rverServer(process, data, new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), bucket);
                _ = server.KeepLogAsync();
                return server;
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

    private async Task KeepLogAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            _log.Enqueue(line);
            _logged.Release();
        }
    }

    /// <summary>Waits until s3rver has logged storing <paramref name="count"/> parts (its log is read as it is written).</summary>
    public async Task WaitForPartsAsync(int count, CancellationToken cancellationToken = default)
    {
        while (PartsStored < count)
        {
            await _logged.WaitAsync(cancellationToken);
        }
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
        _logged.Dispose();
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Stored part \d+ of ")]
    private static partial Regex StoredPartLine();
}
