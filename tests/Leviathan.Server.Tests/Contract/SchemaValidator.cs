using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Leviathan.Server.Tests.Contract;

/// <summary>
/// Checks a JSON value against a schema of the OpenAPI document: the keywords the document uses ($ref, type with
/// null, properties, required, additionalProperties, enum, items, format uuid and date-time, bounds, pattern).
/// </summary>
internal sealed class SchemaValidator(JsonObject document)
{
    public JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        while (current["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            current = document["components"]!["schemas"]![name]!.AsObject();
        }

        return current;
    }

    public List<string> Errors(JsonNode schemaNode, JsonElement value, string path = "$")
    {
        var errors = new List<string>();
        Check(schemaNode, value, path, errors);
        return errors;
    }

    private void Check(JsonNode schemaNode, JsonElement value, string path, List<string> errors)
    {
        var schema = Resolve(schemaNode);
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a?.ToJsonString() == value.GetRawText()))
        {
            errors.Add($"{path}: {value.GetRawText()} is not one of {allowed.ToJsonString()}");
            return;
        }

        List<string> types = schema["type"] switch
        {
            JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        if (types.Count > 0 && !types.Any(t => Is(t, value)))
        {
            errors.Add($"{path}: {value.ValueKind} is not {string.Join("|", types)}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = schema["properties"]?.AsObject();
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    if (!value.TryGetProperty(required!.GetValue<string>(), out _))
                    {
                        errors.Add($"{path}: required property {required} is missing");
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (properties?[property.Name] is { } propertySchema)
                    {
                        Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
                    }
                    else if (schema["additionalProperties"] is JsonValue extra && !extra.GetValue<bool>())
                    {
                        errors.Add($"{path}: property {property.Name} is not in the schema");
                    }
                    else if (schema["additionalProperties"] is JsonObject extraSchema)
                    {
                        Check(extraSchema, property.Value, $"{path}.{property.Name}", errors);
                    }
                }

                break;
            case JsonValueKind.Array when schema["items"] is { } items:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{i++}]", errors);
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                var format = schema["format"]?.GetValue<string>();
                if (format == "uuid" && !Guid.TryParse(text, out _))
                {
                    errors.Add($"{path}: '{text}' is not a uuid");
                }

                if (format == "date-time" && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{path}: '{text}' is not a date-time");
                }

                if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
                {
                    errors.Add($"{path}: '{text}' does not match {pattern}");
                }

                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (schema["minimum"] is { } min && number < min.GetValue<double>())
                {
                    errors.Add($"{path}: {number} < {min}");
                }

                if (schema["maximum"] is { } max && number > max.GetValue<double>())
                {
                    errors.Add($"{path}: {number} > {max}");
                }

                break;
        }
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };
}
