using System.Text.Json;
using Leviathan.Engineering.Generation;
using Leviathan.Server.Json;

namespace Leviathan.Server.Generations;

/// <summary>
/// The files of one generation job, under the server's home (never under a path a request names):
/// <c>generations/JOB/benchmarks/</c> (what <see cref="BenchmarkGenerator"/> writes, index.json last) and
/// <c>generations/JOB/progress.jsonl</c> (each candidate as it is decided).
/// </summary>
internal sealed class GenerationFolder : IProgress<CandidateRecord>
{
    public const string HomeFolder = "generations";

    private readonly Lock _write = new();

    private GenerationFolder(string root) => Root = root;

    public string Root { get; }

    /// <summary>The generator's output folder: one folder per kept benchmark, then index.json.</summary>
    public string Benchmarks => Path.Combine(Root, "benchmarks");

    public string Index => Path.Combine(Benchmarks, BenchmarkGenerator.IndexFile);

    private string ProgressFile => Path.Combine(Root, "progress.jsonl");

    public static GenerationFolder For(string home, Guid jobId) => new(Path.Combine(home, HomeFolder, jobId.ToString()));

    /// <summary>Empties the folder for a (re)start: a generation that was interrupted starts again from its first candidate (every candidate's seed is fixed, so the result is the same).</summary>
    public void Reset()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        Directory.CreateDirectory(Root);
    }

    /// <summary>Appends one decided candidate to the progress file.</summary>
    public void Report(CandidateRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = JsonSerializer.Serialize(From(value), ServerJsonContext.Default.GenerationCandidateResource) + "\n";
        lock (_write)
        {
            File.AppendAllText(ProgressFile, line);
        }
    }

    /// <summary>The finished generation's index, or null while it has none (running, cancelled, failed with an error).</summary>
    public GenerationIndex? ReadIndex()
    {
        if (!File.Exists(Index))
        {
            return null;
        }

        return JsonSerializer.Deserialize(File.ReadAllText(Index), GenerationJsonContext.Default.GenerationIndex);
    }

    /// <summary>The candidates decided so far: the index's once there is one, else the progress file's (in the order decided).</summary>
    public IReadOnlyList<GenerationCandidateResource> ReadCandidates()
    {
        if (ReadIndex() is { } index)
        {
            return [.. index.Candidates.Select(From)];
        }

        if (!File.Exists(ProgressFile))
        {
            return [];
        }

        var candidates = new List<GenerationCandidateResource>();
        foreach (var line in File.ReadAllLines(ProgressFile))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, ServerJsonContext.Default.GenerationCandidateResource) is { } candidate)
                {
                    candidates.Add(candidate);
                }
            }
            catch (JsonException)
            {
                // The last line while it is being written.
            }
        }

        return candidates;
    }

    private static GenerationCandidateResource From(CandidateRecord record) =>
        new(record.Index, record.Id, record.Family, record.Seed, record.Kept, record.Reason, record.Detail, record.Level, record.Seconds);
}
