using System.Collections.Concurrent;
using Leviathan.Engineering.Processes;

namespace Leviathan.Engineering.Cad;

/// <summary>
/// What <c>openscad --version</c> says, asked once per program path and runner in a process: part of every render's
/// cache key, so an upgraded OpenSCAD never gets meshes another version made.
/// </summary>
internal static class OpenScadVersion
{
    private static readonly ConcurrentDictionary<(string Program, string Isolation), Lazy<Task<string?>>> Known = new();

    /// <summary>The version line, or null when OpenSCAD could not say (then renders are not cached).</summary>
    public static Task<string?> GetAsync(CadOptions options, IProcessRunner runner, CancellationToken cancellationToken) =>
        Known.GetOrAdd((options.OpenScadPath, runner.Isolation), _ => new Lazy<Task<string?>>(() => AskAsync(options, runner))).Value.WaitAsync(cancellationToken);

    private static async Task<string?> AskAsync(CadOptions options, IProcessRunner runner)
    {
        var work = Directory.CreateTempSubdirectory("leviathan-cad-version-").FullName;
        try
        {
            var outcome = await runner.RunAsync(new ProcessRequest(options.OpenScadPath, ["--version"], work, options.Timeout), CancellationToken.None); // shared by every caller: one caller cancelling must not spoil it
            var text = (outcome.Stdout + "\n" + outcome.Stderr).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(l => l.StartsWith("OpenSCAD version", StringComparison.Ordinal));
            return outcome.ExitCode == 0 && !outcome.TimedOut ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null; // OpenSCAD cannot start: the render itself reports how to install it
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
