using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Leviathan.Models.Recording;

/// <summary>
/// Replaces secrets in every string of a JSON document with <c>[REDACTED]</c>: the given values (API keys of the
/// configured profiles) and anything shaped like a well-known credential (OpenAI <c>sk-…</c>, bearer tokens,
/// GitHub and AWS keys).
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Marker = "[REDACTED]";

    private readonly Lock _gate = new();
    private string[] _values = [];

    public SecretRedactor(IEnumerable<string?> secretValues)
    {
        foreach (var value in secretValues)
        {
            Add(value);
        }
    }

    /// <summary>Adds a value to redact. Very short values are ignored: they would redact ordinary words, and real keys are long.</summary>
    public void Add(string? value)
    {
        if (value is not { Length: >= 8 })
        {
            return;
        }

        lock (_gate)
        {
            if (!_values.Contains(value, StringComparer.Ordinal))
            {
                _values = [.. _values.Append(value).OrderByDescending(v => v.Length)];
            }
        }
    }

    public string Redact(string text)
    {
        foreach (var value in Volatile.Read(ref _values))
        {
            text = text.Replace(value, Marker, StringComparison.Ordinal);
        }

        return CredentialPattern().Replace(text, Marker);
    }

    /// <summary>Redacts every string value (and property name) in place and returns the node.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        obj[key] = Redact(text);
                    }
                    else
                    {
                        Redact(child);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Redact(text);
                    }
                    else
                    {
                        Redact(array[i]);
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Redact(text));
            default:
                return node;
        }
    }

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{16,}|(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAKIA[0-9A-Z]{16}\b")]
    private static partial Regex CredentialPattern();
}
