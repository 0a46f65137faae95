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
            throw new SpecException(file, [new SpecError(ex.Path ?? "$", UserMessage(ex, typeInfo) + where)]);
        }
    }

    /// <summary>System.Text.Json's message in the spec's own words, without .NET type names.</summary>
    private static string UserMessage(JsonException ex, JsonTypeInfo root)
    {
        var options = root.Options;
        if (UnknownMemberPattern().Match(ex.Message) is { Success: true } unknown)
        {
            var type = typeof(SpecReader).Assembly.GetTypes().FirstOrDefault(t => t.Name == unknown.Groups[2].Value);
            var known = type is null ? [] : options.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
            var path = ex.Path ?? "$";
            var parent = path.LastIndexOf('.') is var dot and > 0 ? path[2..dot] : string.Empty;
            return $"unknown field `{unknown.Groups[1].Value}` in {(parent.Length == 0 ? "the document" : parent)}" +
                (known.Count > 0 ? $"; known fields: {string.Join(", ", known)}" : string.Empty);
        }

        if (ex.Message.Contains("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal)
            || ex.Message.Contains("reached end of data", StringComparison.Ordinal))
        {
            return "the JSON ends early: an object or array is not closed";
        }

        if (MissingRequiredPattern().Match(TrailerPattern().Replace(ex.Message, string.Empty).Trim()) is { Success: true } missing)
        {
            var fields = missing.Groups[1].Value.Split(", ").Select(f => $"`{f.Trim('\'')}`");
            return $"missing required field(s) {string.Join(", ", fields)}; add them (docs/schemas/ lists every field)";
        }

        if (ex.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the file is empty; it must hold one JSON object ({ … })";
        }

        if (ex.Message.Contains("trailing comma", StringComparison.Ordinal))
        {
            return "a comma before a closing } or ]: JSON allows no trailing comma; remove it";
        }

        if (ex.Message.StartsWith("'/' is an invalid start", StringComparison.Ordinal))
        {
            return "JSON allows no comments (// or /* */); remove them";
        }

        if (ex.Message.StartsWith("''' is an invalid start", StringComparison.Ordinal))
        {
            return "JSON strings and field names are written in double quotes (\"name\"), not single quotes";
        }

        if (ex.Message.Contains("is invalid after a single JSON value", StringComparison.Ordinal))
        {
            return "text after the end of the JSON object; the file must hold exactly one JSON object";
        }

        if (ex.Message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal)
            && ExpectedAt(root, ex.Path) is { } expected)
        {
            return expected;
        }

        var message = TrailerPattern().Replace(ex.Message, string.Empty);
        return TypeNamePattern().Replace(message, "$1").Trim();
    }

    /// <summary>Why the value at <paramref name="path"/> (System.Text.Json's <c>$.a[0].b</c>) does not fit its field, saying what the field takes; null when it cannot be told.</summary>
    private static string? ExpectedAt(JsonTypeInfo root, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var type = root.Type;
        foreach (Match step in PathStepPattern().Matches(path))
        {
            if (step.Groups[1].Success)
            {
                JsonTypeInfo info;
                try
                {
                    info = root.Options.GetTypeInfo(type);
                }
                catch (NotSupportedException)
                {
                    return null;
                }

                var property = info.Properties.FirstOrDefault(p => p.Name == step.Groups[1].Value);
                if (property is null)
                {
                    return null;
                }

                type = property.PropertyType;
            }
            else if ((type.IsArray ? type.GetElementType() : EnumerableElement(type)) is { } element)
            {
                type = element;
            }
            else
            {
                return null;
            }
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "not a known value; use one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)) + " (as a string)";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "wrong type of value: expected a number",
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "wrong type of value: expected a whole number",
            TypeCode.String => "wrong type of value: expected a string in double quotes",
            TypeCode.Boolean => "wrong type of value: expected true or false",
            _ when EnumerableElement(type) is not null => "wrong type of value: expected an array [ … ]",
            _ when type.IsClass => "wrong type of value: expected an object { … }",
            _ => null,
        };
    }

    private static Type? EnumerableElement(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    [GeneratedRegex(@"was missing required properties(?: including)?: (.*?)\.?$")]
    private static partial Regex MissingRequiredPattern();

    [GeneratedRegex(@"\.([A-Za-z0-9_]+)|\[(\d+)\]")]
    private static partial Regex PathStepPattern();

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '(?:[A-Za-z.]+\.)?([A-Za-z]+)'")]
    private static partial Regex UnknownMemberPattern();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex TrailerPattern();

    [GeneratedRegex(@"Leviathan\.Engineering\.[A-Za-z]+\.([A-Za-z]+)")]
    private static partial Regex TypeNamePattern();
}
