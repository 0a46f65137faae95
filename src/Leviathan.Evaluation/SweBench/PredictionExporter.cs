using System.Text;
using System.Text.Json;
using Leviathan.Evaluation.Results;
using Leviathan.Persistence.Blobs;

namespace Leviathan.Evaluation.SweBench;

/// <summary>
/// Writes SWE-bench predictions from an evaluation's results: one line per task with <c>instance_id</c> (the task id),
/// <c>model_name_or_path</c> and <c>model_patch</c> (the run's <c>run.patch</c> artifact; empty when it changed nothing).
/// </summary>
public static class PredictionExporter
{
    /// <summary>Writes the predictions of one configuration and repeat; returns how many lines, and how many had a patch.</summary>
    /// <exception cref="InvalidOperationException">The configuration is ambiguous or unknown, or a patch blob is missing from the store.</exception>
    public static (int Lines, int WithPatch) Export(string directory, BlobStore blobs, string outFile, string? configuration, int repeat, string? modelName)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var results = ResultsFile.Read(directory);
        var names = results.Select(r => r.Configuration).Distinct(StringComparer.Ordinal).ToList();
        var name = configuration ?? (names.Count == 1 ? names[0]
            : throw new InvalidOperationException($"the evaluation has the configurations {string.Join(", ", names)}; choose one with --config"));
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"the evaluation has no configuration '{name}'; it has {string.Join(", ", names)}");
        }

        var lines = 0;
        var withPatch = 0;
        var text = new StringBuilder();
        foreach (var result in results.Where(r => r.Configuration == name && r.Repeat == repeat).OrderBy(r => r.Task, StringComparer.Ordinal))
        {
            var patch = string.Empty;
            if (result.PatchSha256 is { } sha)
            {
                if (!blobs.Contains(sha))
                {
                    throw new InvalidOperationException($"the patch of run {result.RunId} ({sha}) is not in the blob store {blobs.Root}; export with the --home the evaluation ran with");
                }

                using var stream = blobs.OpenRead(sha);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                patch = reader.ReadToEnd();
                withPatch++;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("instance_id", result.Task);
                writer.WriteString("model_name_or_path", modelName ?? name);
                writer.WriteString("model_patch", patch);
                writer.WriteEndObject();
            }

            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
            lines++;
        }

        File.WriteAllText(outFile, text.ToString());
        return (lines, withPatch);
    }
}
