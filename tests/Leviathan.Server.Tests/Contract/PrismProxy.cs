using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Leviathan.Server.Tests.Contract;

/// <summary>
/// Stoplight Prism in proxy mode in front of a running server, validating every request and response against the
/// committed OpenAPI document (<c>--errors</c>: a violation becomes an error answer with an <c>sl-violations</c> header).
/// Installed by <c>scripts/setup.d/70-prism.sh</c> into <c>.tools/prism</c>.
/// </summary>
internal sealed class PrismProxy : IAsyncDisposable
{
    private readonly Process _process;

    private PrismProxy(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PrismProxy> StartAsync(Uri upstream)
    {
        var prism = Path.Combine(RepositoryFiles.Root, ".tools", "prism", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
        {
            throw new InvalidOperationException($"Prism is not installed at {prism}: run bash scripts/setup.d/70-prism.sh (scripts/setup.sh runs it)");
        }

        var port = FreePort();
        var info = new ProcessStartInfo(prism) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "proxy", RepositoryFiles.OpenApiDocument, upstream.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                log.Enqueue(text);
                if (text.Contains("Prism is listening", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                log.Enqueue(text);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2))) != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("Prism did not start listening: " + string.Join('\n', log));
        }

        return new PrismProxy(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
