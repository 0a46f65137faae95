using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Tools.Edits;

/// <summary>
/// The outcome of applying an edit. Either every block applied and <see cref="Changes"/> lists the
/// files written, or at least one failed and nothing was written.
/// </summary>
public sealed record EditReport
{
    // Reports are read by people and tools, not embedded in HTML: keep quotes and non-ASCII readable.
    private static readonly EditReportJsonContext Json = new(new JsonSerializerOptions(EditReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary><c>unified-diff</c> or <c>search-replace</c>, or <c>unknown</c> when neither was recognised.</summary>
    public required string Format { get; init; }

    public required IReadOnlyList<EditBlockResult> Blocks { get; init; }

    public IReadOnlyList<FileChange> Changes { get; init; } = [];

    /// <summary>A failure that concerns the edit as a whole (unrecognised format, a write that failed).</summary>
    public string? Error { get; init; }

    /// <summary>Whether every block applied and the files were written.</summary>
    [JsonPropertyOrder(-1)]
    public bool Succeeded => Error is null && Blocks.Count > 0 && Blocks.All(b => b.Applied);

    [JsonIgnore]
    public IEnumerable<EditBlockResult> Failures => Blocks.Where(b => !b.Applied);

    /// <summary>The report as an indented JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json.EditReport);

    /// <summary>The report as text for a model or a terminal.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (Succeeded)
        {
            text.Append(CultureInfo.InvariantCulture, $"Applied {Blocks.Count} block{(Blocks.Count == 1 ? "" : "s")}:\n");
            foreach (var change in Changes)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {change.Kind} {change.Path} (+{change.LinesAdded} -{change.LinesRemoved})\n");
            }

            foreach (var note in Blocks.Where(b => b.Message is not null))
            {
                text.Append(CultureInfo.InvariantCulture, $"  note: block {note.Block} ({note.Path}): {note.Message}\n");
            }

            return text.ToString().TrimEnd('\n');
        }

        text.Append("No files were changed");
        if (Error is not null)
        {
            text.Append(": ").Append(Error);
        }

        var failures = Failures.ToList();
        if (failures.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(Error is null ? ":" : ";")} {failures.Count} of {Blocks.Count} block{(Blocks.Count == 1 ? "" : "s")} failed.\n");
            foreach (var failure in failures)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nBlock {failure.Block} ({failure.Path}, edit line {failure.SourceLine}): {failure.Message}\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }
}
