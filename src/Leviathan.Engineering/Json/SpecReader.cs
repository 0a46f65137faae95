using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Leviathan.Engineering.Json;

/// <summary>Reads a strict JSON spec, turning System.Text.Json's first complaint into a <see cref="SpecError"/> with its path.</summary>
internal static partial class SpecReader
{
    public static T Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), typeInfo, path);
    }

    public static T Parse<T>(string json, JsonTypeInfo<T> typeInfo, string file)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new SpecException(file, [new SpecError("$", "the document is null; expected an object")]);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new SpecException(file, [new SpecError(ex.Path ?? "$", UserMessage(ex, typeInfo.Options) + where)]);
        }
    }

    /// <summary>System.Text.Json's message in the spec's own words, without .NET type names.</summary>
    private static string UserMessage(JsonException ex, JsonSerializerOptions options)
    {
        if (UnknownMemberPattern().Match(ex.Message) is { Success: true } unknown)
        {
            var type = typeof(SpecReader).Assembly.GetTypes().FirstOrDefault(t => t.Name == unknown.Groups[2].Value);
            var known = type is null ? [] : options.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
            var path = ex.Path ?? "$";
            var parent = path.LastIndexOf('.') is var dot and > 0 ? path[2..dot] : string.Empty;
            return $"unknown field `{unknown.Groups[1].Value}` in {(parent.Length == 0 ? "the document" : parent)}" +
                (known.Count > 0 ? $"; known fields: {string.Join(", ", known)}" : string.Empty);
        }

        if (ex.Message.Contains("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
        {
            return "the JSON ends early: an object or array is not closed";
        }

        var message = TrailerPattern().Replace(ex.Message, string.Empty);
        return TypeNamePattern().Replace(message, "$1").Trim();
    }

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '(?:[A-Za-z.]+\.)?([A-Za-z]+)'")]
    private static partial Regex UnknownMemberPattern();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex TrailerPattern();

    [GeneratedRegex(@"Leviathan\.Engineering\.[A-Za-z]+\.([A-Za-z]+)")]
    private static partial Regex TypeNamePattern();
}
