using System.Text.Json;
using Leviathan.Engineering.Generation;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// Reads a physics benchmark set: <c>index.json</c> as <c>bench generate</c> writes it (its <c>candidates</c>, each with
/// <c>id</c>, <c>family</c>, <c>kept</c> and for kept ones <c>level</c>), and for every kept candidate its folder with
/// <c>benchmark.json</c>. Everything is checked before anything runs.
/// </summary>
public static class PhysicsSetLoader
{
    /// <summary>Whether a folder looks like a physics set (holds <c>index.json</c>).</summary>
    public static bool IsPhysicsSet(string folder) => File.Exists(Path.Combine(folder, BenchmarkGenerator.IndexFile));

    /// <summary>Loads the set in a folder (or the folder of a given <c>index.json</c>).</summary>
    /// <exception cref="SuiteFormatException">The folder is not a set, or index.json or a benchmark folder is wrong; the message says how to fix it.</exception>
    public static PhysicsSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(root) && Path.GetFileName(root) == BenchmarkGenerator.IndexFile)
        {
            root = Path.GetDirectoryName(root)!;
        }

        var index = Path.Combine(root, BenchmarkGenerator.IndexFile);
        if (!File.Exists(index))
        {
            throw new SuiteFormatException(root, null, $"holds no {BenchmarkGenerator.IndexFile}", "give a folder written by 'leviathan bench generate' (or 'bench create')");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(index));
        }
        catch (JsonException ex)
        {
            throw new SuiteFormatException(index, null, $"is not valid JSON ({ex.Message})", "write the set again with 'leviathan bench generate'");
        }

        var benchmarks = new List<PhysicsBenchmark>();
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("candidates", out var candidates)
                || candidates.ValueKind != JsonValueKind.Array)
            {
                throw new SuiteFormatException(index, "candidates", "missing or not a list", "a set's index.json lists every candidate with its id, family and whether it was kept");
            }

            var position = 0;
            foreach (var candidate in candidates.EnumerateArray())
            {
                var where = $"candidates[{position++}]";
                if (candidate.ValueKind != JsonValueKind.Object
                    || !candidate.TryGetProperty("kept", out var kept) || kept.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                    || !candidate.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
                {
                    throw new SuiteFormatException(index, where, "has no string 'id' and boolean 'kept'", "write the set again with 'leviathan bench generate'");
                }

                if (!kept.GetBoolean())
                {
                    continue;
                }

                var id = idElement.GetString()!;
                if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal) || id.StartsWith('.'))
                {
                    throw new SuiteFormatException(index, $"{where}.id", $"'{id}' is not a folder name", "a benchmark's id is the name of its folder in the set");
                }

                var file = Path.Combine(root, id, BenchmarkGenerator.BenchmarkFile);
                if (!File.Exists(file))
                {
                    throw new SuiteFormatException(file, null, $"missing: index.json keeps '{id}' but its folder holds no {BenchmarkGenerator.BenchmarkFile}", "copy the whole set folder, or generate it again");
                }

                if (benchmarks.Any(b => b.Id == id))
                {
                    throw new SuiteFormatException(index, $"{where}.id", $"'{id}' is kept twice", "every kept benchmark has its own id");
                }

                benchmarks.Add(new PhysicsBenchmark
                {
                    Id = id,
                    Family = candidate.TryGetProperty("family", out var family) && family.ValueKind == JsonValueKind.String ? family.GetString()! : "unknown",
                    Level = candidate.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.Number ? level.GetInt32() : null,
                    BenchmarkFile = file,
                });
            }
        }

        if (benchmarks.Count == 0)
        {
            throw new SuiteFormatException(index, "candidates", "no candidate was kept, so the set has no benchmarks", "generate a set that keeps at least one benchmark");
        }

        return new PhysicsSet { Id = Path.GetFileName(root), Directory = root, Benchmarks = benchmarks };
    }
}
