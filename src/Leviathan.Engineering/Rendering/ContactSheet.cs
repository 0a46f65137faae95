using System.Globalization;
using System.Net;
using System.Text;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Rendering;

/// <summary>
/// The contact sheet of a generated set (<c>bench generate --render</c>): one picture per kept benchmark — its scene at
/// the start with the zones drawn (goal green, forbid red) and the reference solution in place, iso view — and an
/// overview page, <c>index.html</c>, that shows them side by side with the family, level and limits' tightness.
/// The page links its images by relative paths and loads nothing from the network.
/// </summary>
public sealed class ContactSheet(SolutionFilmstrip filmstrip)
{
    /// <summary>The folder of the contact sheet under the set's folder.</summary>
    public const string Folder = "contact-sheet";

    /// <summary>The overview page in <see cref="Folder"/>.</summary>
    public const string Page = "index.html";

    /// <summary>Draws every kept benchmark of <paramref name="index"/> written under <paramref name="setDirectory"/> and writes the page.</summary>
    /// <returns>The page's path and, per benchmark that could not be drawn, why.</returns>
    public async Task<(string Page, IReadOnlyList<string> Errors)> WriteAsync(string setDirectory, GenerationIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        var output = Path.Combine(setDirectory, Folder);
        Directory.CreateDirectory(output);
        var errors = new List<string>();
        var cells = new StringBuilder();
        foreach (var record in index.Candidates.Where(c => c.Kept))
        {
            var folder = Path.Combine(setDirectory, record.Id);
            var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
            var reference = Path.Combine(folder, BenchmarkGenerator.ReferenceFolder);
            var result = await filmstrip.RenderAsync(
                new FilmstripRequest
                {
                    Benchmark = benchmark,
                    BenchmarkDirectory = folder,
                    Solution = SolutionLoader.Load(reference, benchmark),
                    SolutionDirectory = reference,
                    OutputDirectory = output,
                    Fractions = [0],
                    FilePrefix = record.Id,
                },
                cancellationToken).ConfigureAwait(false);
            if (result.Error is { } error || result.Frames.Count == 0)
            {
                errors.Add($"{record.Id}: {result.Error ?? "no frame was drawn"}");
                continue;
            }

            var image = Path.GetFileName(result.Frames[0].Path);
            cells.Append(CultureInfo.InvariantCulture, $"""
                <figure><img src="{WebUtility.HtmlEncode(image)}" width="320" alt="{WebUtility.HtmlEncode(record.Id)}">
                <figcaption><b>{WebUtility.HtmlEncode(record.Id)}</b> · {WebUtility.HtmlEncode(record.Family)} · level {record.Level?.ToString(CultureInfo.InvariantCulture) ?? "?"}<br>
                objective {WebUtility.HtmlEncode(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(benchmark.Objective.Kind.ToString()))} · cost limit ×{Ratio(record.CostTightness)} · weight limit ×{Ratio(record.WeightTightness)} of the reference · {Parts(record.ReferenceParts)}</figcaption></figure>

                """);
        }

        var page = Path.Combine(output, Page);
        var kept = index.Candidates.Count(c => c.Kept);
        await File.WriteAllTextAsync(page, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Generated benchmarks (seed {index.Seed.ToString(CultureInfo.InvariantCulture)})</title>
            <style>body{"{"}font-family:sans-serif;margin:1em{"}"} figure{"{"}display:inline-block;margin:.5em;width:320px;vertical-align:top{"}"} figcaption{"{"}font-size:.8em{"}"}</style></head>
            <body><h1>Generated benchmarks</h1>
            <p>Seed {index.Seed.ToString(CultureInfo.InvariantCulture)}: {kept} kept of {index.Candidates.Count} tried. Each picture is the scene at its start (iso view) with the reference solution in place: the build zone faint blue, the goal zone green (a second payload's goal cyan), forbid zones red, the payload orange (further payloads blue, purple, yellow), fixtures grey, solution parts in their material's colour, a motor's hub a small dark sphere.</p>
            {cells}</body></html>

            """, cancellationToken).ConfigureAwait(false);
        return (page, errors);
    }

    private static string Parts(int? count) => count switch
    {
        null => "? parts",
        1 => "1 part",
        var n => string.Create(CultureInfo.InvariantCulture, $"{n} parts"),
    };

    private static string Ratio(double? tightness) => tightness is { } t ? t.ToString("0.00", CultureInfo.InvariantCulture) : "?";
}
