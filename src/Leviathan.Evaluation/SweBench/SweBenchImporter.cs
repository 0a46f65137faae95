using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Evaluation.Suites;
using YamlDotNet.Serialization;

namespace Leviathan.Evaluation.SweBench;

/// <summary>
/// Converts SWE-bench instances into a software task pack from local clones (no network): each instance becomes a task
/// that starts from <c>base_commit</c> of the clone (<c>git: {url, commit}</c>), with the issue as its goal, the files the
/// <c>test_patch</c> touches (as they are after applying it) as <c>hidden/</c>, <c>FAIL_TO_PASS</c> and <c>PASS_TO_PASS</c>
/// as the judge's lists, and the gold <c>patch</c> (when given) as <c>reference/fix.patch</c>.
/// </summary>
public static partial class SweBenchImporter
{
    /// <summary>Reads the instances of a file: JSON Lines, or one JSON array.</summary>
    /// <exception cref="InvalidDataException">A line is not an instance; the message names the line and the field.</exception>
    public static IReadOnlyList<SweBenchInstance> ReadInstances(string file)
    {
        var text = File.ReadAllText(file).TrimStart();
        var nodes = new List<(int Line, JsonNode? Node)>();
        if (text.StartsWith('['))
        {
            nodes.AddRange((JsonNode.Parse(text) as JsonArray ?? []).Select((n, i) => (i + 1, n)));
        }
        else
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    try
                    {
                        nodes.Add((number, JsonNode.Parse(line)));
                    }
                    catch (JsonException ex)
                    {
                        throw new InvalidDataException($"{file}: line {number} is not JSON: {ex.Message}");
                    }
                }
            }
        }

        return [.. nodes.Select(n => Parse(file, n.Line, n.Node as JsonObject ?? throw new InvalidDataException($"{file}: entry {n.Line} is not a JSON object")))];
    }

    /// <summary>Writes the pack.</summary>
    /// <exception cref="InvalidOperationException">The output folder is not empty, or no instance could be imported.</exception>
    public static async Task<SweBenchImportReport> ImportAsync(SweBenchImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var outDir = Path.GetFullPath(options.OutDirectory);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            throw new InvalidOperationException($"{outDir} is not empty; import into a new folder");
        }

        var instances = ReadInstances(options.InstancesFile);
        var imported = new List<string>();
        var skipped = new List<(string, string)>();
        Directory.CreateDirectory(outDir);
        foreach (var instance in instances)
        {
            var why = Unexpressible(instance);
            var clone = FindClone(options.ReposDirectory, instance.Repo);
            if (why is null && clone is null)
            {
                why = $"no local clone of {instance.Repo} under {options.ReposDirectory} (looked for {instance.Repo.Replace('/', '_')}, {instance.Repo.Replace("/", "__", StringComparison.Ordinal)}, {instance.Repo} and {instance.Repo.Split('/')[^1]})";
            }

            if (why is not null)
            {
                skipped.Add((instance.InstanceId, why));
                continue;
            }

            var taskDir = Path.Combine(outDir, instance.InstanceId);
            try
            {
                await WriteTaskAsync(instance, clone!, taskDir, options, cancellationToken).ConfigureAwait(false);
                imported.Add(instance.InstanceId);
            }
            catch (Exception ex) when (ex is SuiteFormatException or InvalidOperationException or IOException)
            {
                if (Directory.Exists(taskDir))
                {
                    Directory.Delete(taskDir, recursive: true);
                }

                skipped.Add((instance.InstanceId, ex.Message));
            }
        }

        if (imported.Count == 0)
        {
            throw new InvalidOperationException($"no instance could be imported: {string.Join("; ", skipped.Select(s => $"{s.Item1}: {s.Item2}"))}");
        }

        var id = Regex.Replace(Path.GetFileName(outDir), "[^A-Za-z0-9._-]", "-").TrimStart('.', '-', '_');
        var suite = new Dictionary<string, object>
        {
            ["id"] = id.Length == 0 ? "swebench" : id,
            ["title"] = $"SWE-bench instances from {Path.GetFileName(options.InstancesFile)}",
            ["description"] = $"{imported.Count} instance(s) imported from {Path.GetFullPath(options.InstancesFile)} with local clones under {Path.GetFullPath(options.ReposDirectory)}.",
            ["judge"] = new Dictionary<string, object> { ["command"] = options.JudgeCommand, ["timeout_seconds"] = options.JudgeTimeoutSeconds },
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, SuiteLoader.SuiteFile), "# Imported from SWE-bench instances; see docs/evaluation.md.\n" + Yaml().Serialize(suite), cancellationToken).ConfigureAwait(false);

        // The pack must load: what the importer wrote is checked by the same loader every evaluation uses.
        SuiteLoader.Load(outDir);
        return new SweBenchImportReport(outDir, imported, skipped);
    }

    private static async Task WriteTaskAsync(SweBenchInstance instance, string clone, string taskDir, SweBenchImportOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(taskDir);
        var definition = Path.Combine(taskDir, SuiteLoader.TaskFile);
        var scratch = Path.Combine(Path.GetTempPath(), $"leviathan-swebench-{Guid.NewGuid():N}");
        try
        {
            await GitExport.ExtractAsync(new GitSource(clone, instance.BaseCommit), options.InstancesFile, scratch, cancellationToken).ConfigureAwait(false);
            var patchFile = Path.Combine(scratch + ".test.patch");
            await File.WriteAllTextAsync(patchFile, instance.TestPatch, cancellationToken).ConfigureAwait(false);
            try
            {
                await ApplyAsync(scratch, patchFile, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(patchFile);
            }

            var hidden = Path.Combine(taskDir, "hidden");
            foreach (var path in TouchedFiles(instance.TestPatch))
            {
                var source = Path.GetFullPath(Path.Combine(scratch, path));
                if (!source.StartsWith(scratch + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the test_patch names a path outside the repository: {path}");
                }

                if (File.Exists(source))
                {
                    var target = Path.Combine(hidden, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(source, target);
                }
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        if (instance.Patch is { Length: > 0 } gold)
        {
            Directory.CreateDirectory(Path.Combine(taskDir, "reference"));
            await File.WriteAllTextAsync(Path.Combine(taskDir, "reference", SuiteLoader.ReferencePatchFile), gold, cancellationToken).ConfigureAwait(false);
        }

        var judge = new Dictionary<string, object> { ["fail_to_pass"] = instance.FailToPass.ToList() };
        if (instance.PassToPass.Count > 0)
        {
            judge["pass_to_pass"] = instance.PassToPass.ToList();
        }

        var task = new Dictionary<string, object>
        {
            ["id"] = instance.InstanceId,
            ["title"] = $"{instance.Repo} {instance.InstanceId}",
            ["goal"] = instance.ProblemStatement,
            ["verify"] = options.VerifyCommand,
            ["git"] = new Dictionary<string, object> { ["url"] = clone, ["commit"] = instance.BaseCommit },
            ["judge"] = judge,
        };
        await File.WriteAllTextAsync(definition, Yaml().Serialize(task), cancellationToken).ConfigureAwait(false);
    }

    private static async Task ApplyAsync(string directory, string patch, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("patch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p1", "--batch", "--forward", "--no-backup-if-mismatch", "-d", directory, "-i", patch })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'patch' (apt-get install patch)");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the test_patch does not apply to the base commit (patch exit {process.ExitCode}): {(await output.ConfigureAwait(false)).Trim()} {(await error.ConfigureAwait(false)).Trim()}");
        }
    }

    /// <summary>The files a unified diff creates or changes (its <c>+++ b/…</c> lines).</summary>
    internal static IReadOnlyList<string> TouchedFiles(string diff) =>
        [.. diff.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("+++ ", StringComparison.Ordinal))
            .Select(l => l[4..].Split('\t')[0].Trim())
            .Where(p => p != "/dev/null")
            .Select(p => p.StartsWith("b/", StringComparison.Ordinal) ? p[2..] : p)
            .Distinct(StringComparer.Ordinal)];

    private static string? FindClone(string reposDirectory, string repo)
    {
        var root = Path.GetFullPath(reposDirectory);
        var name = repo.Split('/')[^1];
        foreach (var candidate in new[] { repo.Replace("/", "__", StringComparison.Ordinal), repo.Replace('/', '_'), repo, name })
        {
            var path = Path.GetFullPath(Path.Combine(root, candidate));
            if (path.StartsWith(root, StringComparison.Ordinal) && (Directory.Exists(Path.Combine(path, ".git")) || File.Exists(Path.Combine(path, "HEAD"))))
            {
                return path;
            }
        }

        return null;
    }

    private static string? Unexpressible(SweBenchInstance instance)
    {
        if (!IdPattern().IsMatch(instance.InstanceId))
        {
            return "the instance_id cannot be a task id (letters, digits, '.', '_', '-')";
        }

        if (instance.FailToPass.Count == 0)
        {
            return "FAIL_TO_PASS is empty";
        }

        var bad = instance.FailToPass.Concat(instance.PassToPass).FirstOrDefault(t => !TestIdPattern().IsMatch(t));
        return bad is null ? null : $"the test id '{bad}' holds spaces, quotes or shell characters, which the pack's judge does not take";
    }

    private static SweBenchInstance Parse(string file, int line, JsonObject json)
    {
        string Required(string field) => json[field]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{file}: entry {line}: '{field}' is missing or empty");

        IReadOnlyList<string> Tests(string field)
        {
            // SWE-bench stores the lists as JSON arrays, or (the published dataset) as text holding a JSON array.
            var node = json[field];
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                node = string.IsNullOrWhiteSpace(text) ? new JsonArray() : JsonNode.Parse(text);
            }

            return node switch
            {
                null => [],
                JsonArray array => [.. array.Select(t => t?.GetValue<string>() ?? throw new InvalidDataException($"{file}: entry {line}: '{field}' holds a null"))],
                _ => throw new InvalidDataException($"{file}: entry {line}: '{field}' is not a list of test ids"),
            };
        }

        return new SweBenchInstance(
            Required("instance_id"), Required("repo"), Required("base_commit"), Required("problem_statement"), Required("test_patch"),
            Tests("FAIL_TO_PASS"), Tests("PASS_TO_PASS"), json["patch"]?.GetValue<string>());
    }

    private static ISerializer Yaml() => new SerializerBuilder().Build();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_./:\[\]@=+,-]+$")]
    private static partial Regex TestIdPattern();
}
