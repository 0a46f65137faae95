using System.Text.Json;
using System.Text.RegularExpressions;

namespace Leviathan.Tools.Policy;

/// <summary>What a tool call would touch: its command line and the paths it names.</summary>
internal sealed record PolicyTargets(string Tool, string? Command, IReadOnlyList<string> Paths)
{
    private static readonly Regex PatchPath = new(
        @"^(?:\+\+\+|---) (?:[ab]/)?(?<p>[^\t\n]+?)\s*$|^\*\*\* (?:Update|Add|Delete) File: (?<p>.+?)\s*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    public static PolicyTargets From(string tool, string argumentsJson)
    {
        string? command = null;
        var paths = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    command = c.GetString();
                }

                if (root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String)
                {
                    paths.Add(p.GetString()!);
                }
                else if (tool is "list_files" or "search_files")
                {
                    paths.Add(".");
                }

                if (root.TryGetProperty("patch", out var patch) && patch.ValueKind == JsonValueKind.String)
                {
                    paths.AddRange(PatchPaths(patch.GetString()!).Concat(EnginePaths(patch.GetString()!)).Distinct(StringComparer.Ordinal));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed arguments are the tool set's to report; there is nothing here to judge.
        }

        return new PolicyTargets(tool, command, paths);
    }

    /// <summary>The files the edit engine itself will touch; a patch it cannot parse touches nothing.</summary>
    private static IReadOnlyList<string> EnginePaths(string patch)
    {
        try
        {
            return Edits.EditEngine.TouchedPaths(patch);
        }
#pragma warning disable CA1031 // A patch the engine cannot read is refused by the engine; the gate keeps its own reading.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }

    /// <summary>The files a unified diff or SEARCH/REPLACE edit names, read loosely (headers and the line before SEARCH).</summary>
    internal static IEnumerable<string> PatchPaths(string patch)
    {
        foreach (Match match in PatchPath.Matches(patch))
        {
            var path = match.Groups["p"].Value;
            if (path != "/dev/null")
            {
                yield return path;
            }
        }

        var lines = patch.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "<<<<<<< SEARCH" && lines[i - 1].Trim().Trim('`') is { Length: > 0 } path)
            {
                yield return path;
            }
        }
    }
}
