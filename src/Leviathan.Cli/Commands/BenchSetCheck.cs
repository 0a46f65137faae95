using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Cli.Hosting;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Json;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>bench check DIR</c> of a whole set (a folder with <c>index.json</c> from <c>bench generate</c> or <c>bench create</c>):
/// every kept benchmark is checked as <c>bench check DIR/&lt;id&gt;</c> would, with a line each and a summary.
/// </summary>
internal static class BenchSetCheck
{
    /// <summary>Checks every kept benchmark of the set; exit 0 only when all pass.</summary>
    public static async Task<int> RunAsync(CliContext context, string set, Func<string, Task<CheckReport>> check, bool json)
    {
        var indexFile = Path.Combine(set, BenchmarkGenerator.IndexFile);
        GenerationIndex index;
        try
        {
            index = JsonSerializer.Deserialize(await File.ReadAllTextAsync(indexFile), GenerationJsonContext.Default.GenerationIndex)
                ?? throw new JsonException("it holds null");
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"{indexFile} is not a benchmark set's index: {ex.Message}", "give a folder written by 'leviathan bench generate' or 'bench create', or one benchmark's folder DIR/<id>");
        }

        var kept = index.Candidates.Where(c => c.Kept).Select(c => c.Id).ToList();
        if (kept.Count == 0)
        {
            throw CliException.Failed($"{indexFile} lists no kept benchmark, so there is nothing to check", "generate some with 'leviathan bench generate --out DIR'");
        }

        var results = new List<JsonNode>();
        var failed = new List<string>();
        foreach (var id in kept)
        {
            var folder = Path.Combine(set, id);
            JsonObject result;
            string? problem;
            if (!Directory.Exists(folder))
            {
                problem = $"its folder {folder} is missing";
                result = new JsonObject { ["benchmark"] = id, ["passed"] = false, ["error"] = problem };
            }
            else
            {
                try
                {
                    var report = await check(folder);
                    result = ReportJson(report);
                    problem = report.Passed ? null : FirstFailure(report);
                }
                catch (FileNotFoundException ex)
                {
                    problem = ex.Message;
                    result = new JsonObject { ["benchmark"] = id, ["passed"] = false, ["error"] = problem };
                }
                catch (SpecException ex)
                {
                    problem = $"{ex.File} is not valid: {string.Join("; ", ex.Errors)}";
                    result = new JsonObject { ["benchmark"] = id, ["passed"] = false, ["error"] = problem };
                }
            }

            results.Add(result);
            if (problem is not null)
            {
                failed.Add(id);
            }

            if (!json)
            {
                await context.Stdout.WriteLineAsync(problem is null ? $"OK:     {id}" : $"FAILED: {id} - {problem}");
            }
        }

        if (json)
        {
            await CliJson.WriteAsync(context, new JsonObject
            {
                ["set"] = set,
                ["passed"] = failed.Count == 0,
                ["checked"] = kept.Count,
                ["failed"] = CliJson.Array(failed),
                ["benchmarks"] = new JsonArray([.. results]),
            });
        }
        else
        {
            await context.Stdout.WriteLineAsync(failed.Count == 0
                ? $"all {kept.Count} benchmark(s) of {set} pass"
                : $"{failed.Count} of {kept.Count} benchmark(s) of {set} FAILED: {string.Join(", ", failed)}");
        }

        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>One benchmark's report as <c>bench check --json</c> prints it.</summary>
    public static JsonObject ReportJson(CheckReport report) => new()
    {
        ["benchmark"] = report.Benchmark,
        ["passed"] = report.Passed,
        ["valid"] = new JsonObject { ["passed"] = report.Valid.Passed, ["detail"] = report.Valid.Detail },
        ["non_trivial"] = new JsonObject { ["passed"] = report.NonTrivial.Passed, ["detail"] = report.NonTrivial.Detail },
        ["reference"] = report.Reference is { } reference ? JsonSerializer.SerializeToNode(reference, EngineeringJsonContext.Default.EvaluationReport) : null,
    };

    private static string FirstFailure(CheckReport report) =>
        !report.Valid.Passed ? $"valid: NO - {report.Valid.Detail}"
        : !report.NonTrivial.Passed ? $"non-trivial: NO - {report.NonTrivial.Detail}"
        : report.Reference is null ? "reference: NO - not evaluated"
        : $"reference: NO - {string.Join("; ", report.Reference.Reasons.Select(r => $"{r.Code}: {r.Message}"))}";
}
