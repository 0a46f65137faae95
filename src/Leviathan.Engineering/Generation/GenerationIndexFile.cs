using System.Text.Json;
using Leviathan.Core.Files;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// A benchmark folder's <c>index.json</c>, changed under an exclusive lock on <c>index.json.lock</c> so that writers in
/// several processes (two <c>bench create</c> runs into one folder) each add their entry and none is lost. The lock is an
/// OS file lock, released when its holder exits, so a crashed writer leaves no lock behind (only the empty lock file).
/// </summary>
public static class GenerationIndexFile
{
    /// <summary>The lock file beside <c>index.json</c>.</summary>
    public const string LockFile = BenchmarkGenerator.IndexFile + ".lock";

    /// <summary>How long a writer waits for another to finish before it gives up.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads <c>index.json</c> in <paramref name="directory"/> (null when there is none yet), applies <paramref name="update"/>
    /// and writes the result atomically (temporary file, then rename), all while holding the lock.
    /// </summary>
    /// <returns>The index as written.</returns>
    /// <exception cref="InvalidDataException">The existing index.json holds no index.</exception>
    /// <exception cref="IOException">Another writer held the lock for longer than <see cref="LockWait"/>.</exception>
    public static async Task<GenerationIndex> UpdateAsync(string directory, Func<GenerationIndex?, GenerationIndex> update, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(time);
        var indexFile = Path.Combine(directory, BenchmarkGenerator.IndexFile);
        await using var held = await ExclusiveFileLock.AcquireAsync(Path.Combine(directory, LockFile), LockWait, time, cancellationToken).ConfigureAwait(false);
        var current = File.Exists(indexFile)
            ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(indexFile, cancellationToken).ConfigureAwait(false), GenerationJsonContext.Default.GenerationIndex)
                ?? throw new InvalidDataException($"{indexFile} holds no index")
            : null;
        var next = update(current);
        await AtomicFile.WriteAllTextAsync(indexFile, JsonSerializer.Serialize(next, GenerationJsonContext.Default.GenerationIndex) + "\n", cancellationToken).ConfigureAwait(false);
        return next;
    }
}
