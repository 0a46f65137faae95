using System.Text;
using System.Text.Json;
using Leviathan.Evaluation.Running;

namespace Leviathan.Evaluation.Results;

/// <summary>
/// <c>results.jsonl</c> and <c>evaluation.json</c> of an output folder. Each result is one line, written through to
/// the operating system as the attempt ends, so a killed harness loses no finished result; a line cut short by the kill is ignored
/// on reading. When an attempt was run again (resumed after a cancel or an infrastructure fault), its last line wins.
/// </summary>
public sealed class ResultsFile : IDisposable
{
    /// <summary>The results file's name.</summary>
    public const string ResultsName = "results.jsonl";

    /// <summary>The manifest's name.</summary>
    public const string ManifestName = "evaluation.json";

    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private ResultsFile(FileStream stream) => _stream = stream;

    /// <summary>Opens the results of a folder for appending.</summary>
    public static ResultsFile OpenForAppend(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ResultsName);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        // A line cut short by a kill would glue onto the next one: end it first.
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            var last = stream.ReadByte();
            if (last != '\n')
            {
                stream.WriteByte((byte)'\n');
            }
        }

        stream.Seek(0, SeekOrigin.End);
        return new ResultsFile(stream);
    }

    /// <summary>
    /// Appends one result and hands it to the operating system at once: a killed harness (even kill -9) loses nothing that
    /// was appended. Not fsynced per line: that only guards against a power loss and costs a disk flush per attempt.
    /// </summary>
    public void Append(AttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, EvaluationJsonContext.Default.AttemptResult) + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: false);
        }
    }

    /// <summary>Every result of a folder, the last line of each attempt only, in the order of first appearance.</summary>
    /// <exception cref="FileNotFoundException">The folder holds no results.jsonl.</exception>
    public static IReadOnlyList<AttemptResult> Read(string directory)
    {
        var path = Path.Combine(directory, ResultsName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{directory} holds no {ResultsName}; give the --out folder of an 'eval run'", path);
        }

        var byKey = new Dictionary<AttemptKey, AttemptResult>();
        var order = new List<AttemptKey>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AttemptResult? result;
            try
            {
                result = JsonSerializer.Deserialize(line, EvaluationJsonContext.Default.AttemptResult);
            }
            catch (JsonException)
            {
                // A line cut short when the harness was killed mid-write.
                continue;
            }

            if (result is null)
            {
                continue;
            }

            if (!byKey.ContainsKey(result.Key))
            {
                order.Add(result.Key);
            }

            byKey[result.Key] = result;
        }

        return [.. order.Select(k => byKey[k])];
    }

    /// <summary>Writes the manifest.</summary>
    public static void WriteManifest(string directory, EvaluationManifest manifest)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ManifestName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, EvaluationJsonContext.Default.EvaluationManifest));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the manifest of a folder; null when there is none.</summary>
    public static EvaluationManifest? ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestName);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), EvaluationJsonContext.Default.EvaluationManifest) : null;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
