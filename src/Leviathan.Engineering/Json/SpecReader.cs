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
            var message = TrailerPattern().Replace(ex.Message, string.Empty);
            message = TypeNamePattern().Replace(message, "$1");
            var where = ex.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new SpecException(file, [new SpecError(ex.Path ?? "$", message.Trim() + where)]);
        }
    }

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex TrailerPattern();

    [GeneratedRegex(@"Leviathan\.Engineering\.[A-Za-z]+\.([A-Za-z]+)")]
    private static partial Regex TypeNamePattern();
}
