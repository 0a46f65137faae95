using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Leviathan.Engineering.Json;

/// <summary>Generates the published JSON Schemas (docs/schemas/*.schema.json) from the spec types.</summary>
public static class SpecSchema
{
    public static JsonNode Generate(Type type, string id, string title)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is not JsonObject schema)
                {
                    return node;
                }

                var provider = context.PropertyInfo?.AttributeProvider;
                if (provider?.GetCustomAttributes(typeof(FixedLengthAttribute), inherit: false).FirstOrDefault() is FixedLengthAttribute length)
                {
                    schema["minItems"] = length.Length;
                    schema["maxItems"] = length.Length;
                }

                var doc = provider?.GetCustomAttributes(typeof(DocAttribute), inherit: false).FirstOrDefault() as DocAttribute
                    ?? (context.PropertyInfo is null ? context.TypeInfo.Type.GetCustomAttribute<DocAttribute>() : null);
                if (doc is not null)
                {
                    schema.Insert(0, "description", doc.Text);
                }

                return schema;
            },
        };

        var root = (JsonObject)EngineeringJsonContext.Default.Options.GetJsonSchemaAsNode(type, exporter);
        root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        root.Insert(1, "$id", id);
        root.Insert(2, "title", title);
        return root;
    }

    public static string GenerateText(Type type, string id, string title) =>
        Generate(type, id, title).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
