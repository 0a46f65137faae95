using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leviathan.Cli.Hosting;

/// <summary>
/// How <c>--json</c> output is written: snake_case keys (as the trace format and every file Leviathan writes),
/// indented, non-ASCII text kept readable.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes one JSON value and a line break.</summary>
    public static Task WriteAsync(CliContext context, JsonNode node) => context.Stdout.WriteLineAsync(node.ToJsonString(Options));

    /// <summary>A list of strings as a JSON array.</summary>
    public static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)i)]);
}
