using System.Diagnostics;

namespace Leviathan.Testing;

/// <summary>
/// A private PostgreSQL server for tests: a fresh cluster in a temp folder, reachable only through a Unix
/// socket (no port to collide with), started with Debian's binaries and stopped on dispose. Root cannot run
/// PostgreSQL, so as root the server runs as the <c>postgres</c> user that the Debian package creates.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "leviathan";
    private readonly string _bin;
    private readonly string _root;
    private int _databases;

    private PostgresServer(string bin, string root)
    {
        _bin = bin;
        _root = root;
    }

    /// <summary>The folder holding the server's socket: the <c>Host</c> of a connection string.</summary>
    public string SocketFolder => Path.Combine(_root, "socket");

    private string DataFolder => Path.Combine(_root, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates and starts a cluster. Fails (never skips) when PostgreSQL is not installed.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(path => File.Exists(Path.Combine(path, "initdb")))
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh, which installs the postgresql package");
        }

        var server = new PostgresServer(bin, Path.Combine(Path.GetTempPath(), $"leviathan-pg-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(server.DataFolder);
        Directory.CreateDirectory(server.SocketFolder);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", server._root], cancellationToken);
        }

        await server.RunToolAsync("initdb", ["-D", server.DataFolder, "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
        await server.RunToolAsync(
            "pg_ctl",
            ["-D", server.DataFolder, "-l", Path.Combine(server._root, "server.log"), "-w", "-o",
                $"-k {server.SocketFolder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"],
            cancellationToken);
        return server;
    }

    /// <summary>Creates an empty database and returns an Npgsql connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await RunToolAsync("createdb", ["-h", SocketFolder, "-U", User, name], cancellationToken);
        return $"Host={SocketFolder};Username={User};Database={name};Pooling=false";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], cancellationToken)
            : RunAsync(Path.Combine(_bin, tool), arguments, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed with exit {process.ExitCode}: {await error}{await output}");
        }
    }
}
