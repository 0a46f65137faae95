using System.Text.Json;
using Leviathan.Engineering.Generation;
using Leviathan.Server.Json;

namespace Leviathan.Server.Generations;

/// <summary>
/// The files of one generation job, under the server's home (never under a path a request names):
/// <c>generations/JOB/benchmarks/</c> (what <see cref="BenchmarkGenerator"/> writes: a folder per kept benchmark, its
/// <see cref="GenerationJournal"/> while it runs, index.json when done) and <c>generations/JOB/resumes.jsonl</c> (one
/// line per attempt that took over from an interrupted one).
/// </summary>
internal sealed class GenerationFolder
{
    public const string HomeFolder = "generations";

    private GenerationFolder(string root) => Root = root;

    public string Root { get; }

    /// <summary>The generator's output folder: one folder per kept benchmark, then index.json.</summary>
    public string Benchmarks => Path.Combine(Root, "benchmarks");

    public string Index => Path.Combine(Benchmarks, BenchmarkGenerator.IndexFile);

    private string ResumesFile => Path.Combine(Root, "resumes.jsonl");

    public static GenerationFolder For(string home, Guid jobId) => new(Path.Combine(home, HomeFolder, jobId.ToString()));

    /// <summary>True when an earlier attempt left work to take over: a journal of decided candidates, or the finished index.</summary>
    public bool HasEarlierWork => File.Exists(GenerationJournal.PathIn(Benchmarks)) || File.Exists(Index);

    /// <summary>Empties the generator's output folder for a start from the first candidate (the record of resumes stays).</summary>
    public void Reset()
    {
        if (Directory.Exists(Benchmarks))
        {
            Directory.Delete(Benchmarks, recursive: true);
        }

        Directory.CreateDirectory(Root);
    }

    /// <summary>Records that an attempt took over from an interrupted one (appended, one line each).</summary>
    public void RecordResume(GenerationResumeResource resume)
    {
        Directory.CreateDirectory(Root);
        File.AppendAllText(ResumesFile, JsonSerializer.Serialize(resume, ServerJsonContext.Default.GenerationResumeResource) + "\n");
    }

    /// <summary>Every attempt that took over from an interrupted one, in order.</summary>
    public IReadOnlyList<GenerationResumeResource> ReadResumes()
    {
        if (!File.Exists(ResumesFile))
        {
            return [];
        }

        var resumes = new List<GenerationResumeResource>();
        foreach (var line in File.ReadAllLines(ResumesFile))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, ServerJsonContext.Default.GenerationResumeResource) is { } resume)
                {
                    resumes.Add(resume);
                }
            }
            catch (JsonException)
            {
                // The line a stopping server was writing.
            }
        }

        return resumes;
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

    /// <summary>
    /// The candidates decided so far, in index order: the index's once there is one, else the generator's journal's
    /// (with those an interrupted attempt decided, which a resumed one carries over).
    /// </summary>
    public IReadOnlyList<GenerationCandidateResource> ReadCandidates()
    {
        if (ReadIndex() is { } index)
        {
            return [.. index.Candidates.Select(From)];
        }

        (GenerationJournalHeader Header, IReadOnlyList<CandidateRecord> Candidates)? journal;
        try
        {
            journal = GenerationJournal.Read(Benchmarks);
        }
        catch (GenerationResumeException)
        {
            // A damaged journal: the job's next attempt starts over and says why.
            return [];
        }

        if (journal is null)
        {
            // Finished between the two looks: the index was written, then the journal removed.
            return ReadIndex() is { } finished ? [.. finished.Candidates.Select(From)] : [];
        }

        return [.. journal.Value.Candidates.OrderBy(c => c.Index).Select(From)];
    }

    private static GenerationCandidateResource From(CandidateRecord record) =>
        new(record.Index, record.Id, record.Family, record.Seed, record.Kept, record.Reason, record.Detail, record.Level, record.Seconds);
}
