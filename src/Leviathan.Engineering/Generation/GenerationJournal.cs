using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// <c>DIR/generation-journal.jsonl</c>: what a generation run has decided so far, so that an interrupted run (its
/// process killed, its server stopped) resumes instead of starting over. Line 1 is the <see cref="GenerationJournalHeader"/>;
/// each further line is one decided <see cref="CandidateRecord"/>, appended and flushed to disk only once the candidate's
/// folder is complete and flushed too. So a benchmark listed as kept is whole, and a folder the journal does not list
/// as kept (half-written when the run died) is never counted. A crash can tear only the last line, which readers skip.
/// The generator removes the journal once <c>index.json</c> is written.
/// </summary>
public sealed class GenerationJournal : IDisposable
{
    public const string FileName = "generation-journal.jsonl";

    private readonly FileStream _stream;
    private readonly Lock _write = new();

    private GenerationJournal(FileStream stream) => _stream = stream;

    /// <summary>The journal's path in an output folder.</summary>
    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>
    /// Writes a journal of <paramref name="header"/> and <paramref name="candidates"/> in place of any earlier one
    /// (temporary file, flushed, then renamed over it, so a crash leaves the old journal or the new, never a mix) and
    /// opens it for appending.
    /// </summary>
    public static GenerationJournal Create(string directory, GenerationJournalHeader header, IEnumerable<CandidateRecord> candidates)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(candidates);
        var path = PathIn(directory);
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.{Guid.NewGuid():N}.tmp");
        using (var writer = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            writer.Write(Line(JsonSerializer.Serialize(header, GenerationJournalJsonContext.Default.GenerationJournalHeader)));
            foreach (var candidate in candidates)
            {
                writer.Write(Line(JsonSerializer.Serialize(candidate, GenerationJournalJsonContext.Default.CandidateRecord)));
            }

            writer.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return new GenerationJournal(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    /// <summary>
    /// The journal in <paramref name="directory"/>, or null when there is none. The last line is skipped when it is torn
    /// (the run died while writing it).
    /// </summary>
    /// <exception cref="GenerationResumeException">The journal is damaged elsewhere than in its last line.</exception>
    public static (GenerationJournalHeader Header, IReadOnlyList<CandidateRecord> Candidates)? Read(string directory)
    {
        var path = PathIn(directory);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var header = lines.Length > 0 ? Parse(lines[0], GenerationJournalJsonContext.Default.GenerationJournalHeader) : null;
        if (header is null)
        {
            throw Damaged(path, "its first line is not a generation header");
        }

        var candidates = new List<CandidateRecord>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1)
            {
                continue;
            }

            var candidate = Parse(lines[i], GenerationJournalJsonContext.Default.CandidateRecord);
            if (candidate is null)
            {
                if (i == lines.Length - 1)
                {
                    // The line the run was writing when it died: that candidate was not decided.
                    continue;
                }

                throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"line {i + 1} is not a candidate"));
            }

            candidates.Add(candidate);
        }

        return (header, candidates);
    }

    /// <summary>Appends a decided candidate and flushes it to disk before returning.</summary>
    public void Append(CandidateRecord candidate)
    {
        var line = Line(JsonSerializer.Serialize(candidate, GenerationJournalJsonContext.Default.CandidateRecord));
        lock (_write)
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static byte[] Line(string json) => Encoding.UTF8.GetBytes(json + "\n");

    private static T? Parse<T>(string line, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(line, info);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static GenerationResumeException Damaged(string path, string what) =>
        new($"{path} is damaged: {what}", "remove the folder (or the journal) and generate again; the same seed gives the same benchmarks");
}
