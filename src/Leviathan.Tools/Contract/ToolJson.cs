using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Leviathan.Tools.Contract;

/// <summary>
/// The JSON conventions of tool arguments (snake_case names, string enums, nullable annotations
/// respected) and the schema generated from an argument record.
/// </summary>
public static class ToolJson
{
    /// <summary>Serializer options for argument records; the schema and the deserializer share them.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// The JSON Schema of an argument record: property descriptions from <see cref="DescriptionAttribute"/>,
    /// ranges from <see cref="RangeAttribute"/>, minimum lengths of strings and minimum item counts of lists from
    /// <see cref="MinLengthAttribute"/>, required constructor parameters, string enums, and no unknown properties.
    /// It is sent with every call, so it says nothing twice: optional arguments are the ones not required (no
    /// <c>"default": null</c>), and an open upper bound is left out.
    /// </summary>
    public static JsonObject SchemaFor(Type argumentsType)
    {
        ArgumentNullException.ThrowIfNull(argumentsType);
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var node = Options.GetJsonSchemaAsNode(argumentsType, exporterOptions);
        if (node is not JsonObject schema)
        {
            throw new ArgumentException($"Arguments of type {argumentsType.Name} must be an object, not '{node}'.", nameof(argumentsType));
        }

        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject obj)
        {
            return schema;
        }

        var provider = context.PropertyInfo?.AttributeProvider ?? (context.PropertyInfo is null ? context.TypeInfo.Type : null);
        var parameter = context.PropertyInfo?.AssociatedParameter?.AttributeProvider;
        var description = Find<DescriptionAttribute>(provider, parameter)?.Description;
        if (description is not null)
        {
            obj["description"] = description;
        }

        if (Find<RangeAttribute>(provider, parameter) is { } range)
        {
            obj["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
            var maximum = Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
            if (maximum < int.MaxValue)
            {
                // Range(1, int.MaxValue) means "at least 1"; the bound would only cost prompt tokens.
                obj["maximum"] = JsonValue.Create(maximum);
            }
        }

        if (Find<MinLengthAttribute>(provider, parameter) is { } minLength)
        {
            obj[IsArray(obj) ? "minItems" : "minLength"] = minLength.Length;
        }

        // An optional argument is one that is not required; "default": null repeats that in every call's prompt.
        if (obj.TryGetPropertyValue("default", out var value) && value is null)
        {
            obj.Remove("default");
        }

        return obj;
    }

    private static bool IsArray(JsonObject schema) => schema["type"] switch
    {
        JsonValue type => type.GetValue<string>() == "array",
        JsonArray types => types.Any(t => t?.GetValue<string>() == "array"),
        _ => false,
    };

    private static T? Find<T>(ICustomAttributeProvider? first, ICustomAttributeProvider? second)
        where T : Attribute =>
        first?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault()
        ?? second?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
