using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// The OpenAI SDK throws on any <c>finish_reason</c> outside OpenAI's own set (stop, length, tool_calls,
/// content_filter, function_call), and on <c>null</c> in a whole response; servers send others ("eos", "",
/// "end_turn", null). This maps them to the nearest known value before the SDK sees them and keeps the original
/// in <c>choices[i].leviathan_finish_reason</c>, where <see cref="ServerFields"/> reads it back.
/// </summary>
internal static partial class FinishReasonRewriter
{
    public const string OriginalField = "leviathan_finish_reason";

    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase) { "stop", "length", "tool_calls", "content_filter", "function_call" };

    /// <summary>Rewrites one JSON document (a whole response, or the payload of one SSE line) if it needs it; null when it does not.</summary>
    public static string? Rewrite(string json, bool streaming)
    {
        if (!json.Contains("\"finish_reason\"", StringComparison.Ordinal) || !NeedsRewrite(json, streaming))
        {
            return null;
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root?["choices"] is not JsonArray choices)
        {
            return null;
        }

        foreach (var choice in choices.OfType<JsonObject>())
        {
            if (!choice.TryGetPropertyValue("finish_reason", out var node))
            {
                continue;
            }

            var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (value is not null && Known.Contains(value))
            {
                continue;
            }

            if (value is null && streaming)
            {
                continue;
            }

            choice[OriginalField] = value ?? string.Empty;
            choice["finish_reason"] = Map(value, streaming);
        }

        return root.ToJsonString();
    }

    private static bool NeedsRewrite(string json, bool streaming)
    {
        foreach (Match match in FinishReasonPattern().Matches(json))
        {
            var group = match.Groups["value"];
            if (!group.Success)
            {
                if (!streaming)
                {
                    return true;
                }

                continue;
            }

            if (!Known.Contains(group.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest OpenAI value; an empty reason in a stream means "not finished yet".</summary>
    private static string? Map(string? value, bool streaming) => value?.ToLowerInvariant() switch
    {
        "" when streaming => null,
        "max_tokens" or "max_length" or "model_length" => "length",
        "tool_use" or "tool_call" or "function" => "tool_calls",
        _ => "stop",
    };

    [GeneratedRegex("\"finish_reason\"\\s*:\\s*(?:\"(?<value>[^\"]*)\"|null)")]
    private static partial Regex FinishReasonPattern();

    /// <summary>Encodes a rewritten SSE line.</summary>
    public static byte[]? RewriteLine(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        var trimmed = text.TrimEnd('\r', '\n');
        if (!trimmed.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        var payload = trimmed["data:".Length..].TrimStart();
        var rewritten = Rewrite(payload, streaming: true);
        return rewritten is null ? null : Encoding.UTF8.GetBytes("data: " + rewritten + text[trimmed.Length..]);
    }
}
