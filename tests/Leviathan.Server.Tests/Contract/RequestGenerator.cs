using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Leviathan.Testing;

namespace Leviathan.Server.Tests.Contract;

/// <summary>
/// Generates requests for one operation from the OpenAPI document's schemas: valid ones (every value inside its schema,
/// ids often of existing runs and evaluations) and invalid ones (one field broken: wrong type, out of range, not in the enum, missing,
/// unknown, or a body that is not JSON), each naming the field it broke.
/// </summary>
internal sealed class RequestGenerator(SchemaValidator schemas, IReadOnlyList<Guid> runIds, IReadOnlyList<string> artifactShas, IReadOnlyList<Guid> evaluationIds)
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char.AlphaNumeric, 1, 12];

    public Gen<FuzzRequest> For(string method, JsonObject operation)
    {
        var valid = Valid(method, operation);
        var mutations = Mutations(operation);
        return mutations.Count == 0
            ? valid
            : Gen.Frequency((1, valid), (1, valid.SelectMany(request => Gen.OneOf([.. mutations]).SelectMany(mutate => mutate(request)))));
    }

    private Gen<FuzzRequest> Valid(string method, JsonObject operation)
    {
        var request = Gen.Const(FuzzRequest.Empty(method));
        foreach (var parameter in Parameters(operation))
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var schema = parameter["schema"]!;
            Gen<string>? value = name switch
            {
                "id" when operation["operationId"]!.GetValue<string>().Contains("Run", StringComparison.Ordinal) =>
                    Gen.Frequency((3, Gen.OneOf([.. runIds.Select(i => i.ToString())])), (1, Gen.Guid.Select(g => g.ToString()))),
                "id" when operation["operationId"]!.GetValue<string>().Contains("Evaluation", StringComparison.Ordinal) =>
                    Gen.Frequency((3, Gen.OneOf([.. evaluationIds.Select(i => i.ToString())])), (1, Gen.Guid.Select(g => g.ToString()))),
                "sha256" => Gen.Frequency((3, Gen.OneOf([.. artifactShas])), (1, Scalar(schema))),

                // An opaque cursor is only valid as the server gave it out; paging is checked by RunsApiTests.
                "cursor" => null,
                _ => Scalar(schema),
            };
            if (value is null)
            {
                continue;
            }

            request = location switch
            {
                "path" => request.SelectMany(r => value.Select(v => r with { PathValues = r.PathValues.SetItem(name, v) })),
                "query" => request.SelectMany(r => Gen.Bool.SelectMany(include => value.Select(v => include ? r with { Query = r.Query.Add(new(name, v)) } : r))),
                _ => request.SelectMany(r => Gen.Bool.SelectMany(include => value.Select(v => include ? r with { Headers = r.Headers.Add(new(name, v)) } : r))),
            };
        }

        if (BodySchema(operation) is { } body)
        {
            request = request.SelectMany(r => Value(body).Select(json => r with { Body = json!.ToJsonString() }));
        }
        else if (operation["requestBody"]?["content"]?["application/gzip"] is not null)
        {
            // A real .tar.gz of a few small files with generated names and contents.
            var file = Gen.Select(Word, Gen.String[Gen.Char.AlphaNumeric, 0, 200], (name, content) => (name, content));
            request = request.SelectMany(r => file.Array[1, 4].Select(files => r with { BodyBytes = TarGz(files), ContentType = "application/gzip" }));
        }

        return request;
    }

    private List<Func<FuzzRequest, Gen<FuzzRequest>>> Mutations(JsonObject operation)
    {
        var mutations = new List<Func<FuzzRequest, Gen<FuzzRequest>>>();
        foreach (var parameter in Parameters(operation))
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var schema = schemas.Resolve(parameter["schema"]!);
            foreach (var bad in BadScalars(schema))
            {
                mutations.Add(r => bad.Select(v => location switch
                {
                    "path" => r with { PathValues = r.PathValues.SetItem(name, v), InvalidField = name },
                    "query" => r with { Query = [.. r.Query.Where(q => q.Key != name), new(name, v)], InvalidField = name },
                    _ => r with { Headers = [.. r.Headers.Where(h => h.Key != name), new(name, v)], InvalidField = name },
                }));
            }
        }

        if (operation["requestBody"]?["content"]?["application/gzip"] is not null)
        {
            mutations.Add(r => Gen.Byte.Array[1, 512].Select(bytes => r with { BodyBytes = bytes, InvalidField = "body" }));
        }

        if (BodySchema(operation) is { } bodySchema)
        {
            var body = schemas.Resolve(bodySchema);
            mutations.Add(r => Word.Select(w => r with { Body = "{\"" + w, InvalidField = "body" }));
            mutations.Add(r => Word.Select(w => r with { Body = WithBody(r, o => o["zz_" + w.ToLowerInvariant()] = 1), InvalidField = "zz_" + w.ToLowerInvariant() }));
            foreach (var required in body["required"]?.AsArray() ?? [])
            {
                var name = required!.GetValue<string>();
                mutations.Add(r => Gen.Const(r with { Body = WithBody(r, o => o.Remove(name)), InvalidField = name }));
            }

            foreach (var (name, propertySchema) in body["properties"]!.AsObject())
            {
                var property = schemas.Resolve(propertySchema!);
                var types = TypesOf(property);
                JsonNode wrongType = types.Contains("string") || property["enum"] is not null ? 12345 : "not a number";
                mutations.Add(r => Gen.Const(r with { Body = WithBody(r, o => o[name] = wrongType.DeepClone()), InvalidField = name }));
                foreach (var bad in BadValues(property))
                {
                    mutations.Add(r => bad.Select(v => r with { Body = WithBody(r, o => o[name] = v?.DeepClone()), InvalidField = name }));
                }
            }
        }

        return mutations;
    }

    private static byte[] TarGz((string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files.DistinctBy(f => f.Name))
            {
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        return buffer.ToArray();
    }

    private static string WithBody(FuzzRequest request, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(request.Body!)!.AsObject();
        change(body);
        return body.ToJsonString();
    }

    private IEnumerable<Gen<string>> BadScalars(JsonObject schema)
    {
        var types = TypesOf(schema);
        if (schema["enum"] is not null)
        {
            yield return Word.Select(w => "zz" + w);
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            yield return Gen.String[Gen.Char["abcdefghij"], 1, 8];
            if (schema["minimum"] is { } min)
            {
                yield return Gen.Long[1, 1000].Select(d => ((long)min.GetValue<double>() - d).ToString(CultureInfo.InvariantCulture));
            }

            if (schema["maximum"] is { } max && max.GetValue<double>() < 1e15)
            {
                yield return Gen.Long[1, 1000].Select(d => ((long)max.GetValue<double>() + d).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (schema["format"]?.GetValue<string>() == "uuid" || schema["pattern"] is not null)
        {
            yield return Gen.String[Gen.Char["GHIJKLMNOPQRSTUVWXYZ"], 1, 20];
        }

        if (schema["maxLength"] is { } maxLength)
        {
            yield return Gen.Int[1, 20].Select(extra => new string('a', maxLength.GetValue<int>() + extra));
        }
    }

    private IEnumerable<Gen<JsonNode?>> BadValues(JsonObject schema)
    {
        if (schema["enum"] is not null)
        {
            yield return Word.Select(w => (JsonNode?)("zz" + w));
        }

        if (schema["minimum"] is { } min)
        {
            yield return Gen.Double[1, 1000].Select(d => (JsonNode?)Math.Floor(min.GetValue<double>() - d));
        }

        if (schema["maximum"] is { } max)
        {
            yield return Gen.Double[1, 1000].Select(d => (JsonNode?)Math.Ceiling((max.GetValue<double>() * 2) + d));
        }

        if (schema["minLength"] is { } minLength && minLength.GetValue<int>() == 1)
        {
            yield return Gen.Const((JsonNode?)"");
        }

        if (schema["maxLength"] is { } maxLength)
        {
            yield return Gen.Int[1, 20].Select(extra => (JsonNode?)new string('a', maxLength.GetValue<int>() + extra));
        }
    }

    private Gen<string> Scalar(JsonNode schemaNode)
    {
        var schema = schemas.Resolve(schemaNode);
        return Value(schema).Select(node => node switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        });
    }

    private Gen<JsonNode?> Value(JsonNode schemaNode, string? name = null)
    {
        var schema = schemas.Resolve(schemaNode);
        if (schema["enum"] is JsonArray values)
        {
            return Gen.OneOf([.. values.Select(v => v?.DeepClone())]);
        }

        var types = TypesOf(schema);
        if (types.Contains("null") && types.Count > 1)
        {
            var nonNull = schema.DeepClone().AsObject();
            nonNull["type"] = types.First(t => t != "null");
            return Gen.Frequency((1, Gen.Const((JsonNode?)null)), (3, Value(nonNull, name)));
        }

        var pattern = schema["pattern"]?.GetValue<string>();
        return types.FirstOrDefault() switch
        {
            "string" when pattern == "^[0-9]{1,18}$" => Gen.Long[0, 999_999_999_999].Select(n => (JsonNode?)n.ToString(CultureInfo.InvariantCulture)),
            "string" when pattern == "^[0-9a-f]{40}$" => Gen.Byte.Array[20].Select(b => (JsonNode?)Convert.ToHexStringLower(b)),
            "string" when pattern == "^[0-9a-f]{64}$" => Gen.Byte.Array[32].Select(b => (JsonNode?)Convert.ToHexStringLower(b)),
            "string" when pattern == "^/.*$" => Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(w => (JsonNode?)("/" + w)),
            "string" when schema["format"]?.GetValue<string>() == "uuid" => Gen.Guid.Select(g => (JsonNode?)g.ToString()),
            "string" when name == "mjcf" => Gen.Frequency((6, Word.Select(w => (JsonNode?)w)), (1, Gen.Const((JsonNode?)MjcfSamples.FallingBox))),
            "string" => Gen.String[Gen.Char.AlphaNumeric, schema["minLength"]?.GetValue<int>() ?? 0, Math.Min(schema["maxLength"]?.GetValue<int>() ?? 20, 20)].Select(s => (JsonNode?)s),
            "integer" => Gen.Long[(long)(schema["minimum"]?.GetValue<double>() ?? -1_000_000), (long)Math.Min(schema["maximum"]?.GetValue<double>() ?? 1_000_000, 1_000_000_000)].Select(n => (JsonNode?)n),
            "number" => Gen.Double[schema["minimum"]?.GetValue<double>() ?? -1e6, schema["maximum"]?.GetValue<double>() ?? 1e6].Select(n => (JsonNode?)n),
            "boolean" => Gen.Bool.Select(b => (JsonNode?)b),
            "object" => Object(schema),
            _ => Gen.Const((JsonNode?)null),
        };
    }

    private Gen<JsonNode?> Object(JsonObject schema)
    {
        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        var result = Gen.Const(ImmutableList<KeyValuePair<string, JsonNode?>>.Empty);
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var value = Value(property!, name);
            result = required.Contains(name)
                ? result.SelectMany(list => value.Select(v => list.Add(new(name, v))))
                : result.SelectMany(list => Gen.Bool.SelectMany(include => value.Select(v => include ? list.Add(new(name, v)) : list)));
        }

        return result.Select(list => (JsonNode?)new JsonObject(list.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))));
    }

    private static IEnumerable<JsonObject> Parameters(JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject());

    private static JsonNode? BodySchema(JsonObject operation) =>
        operation["requestBody"]?["content"]?["application/json"]?["schema"];

    private static List<string> TypesOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };
}
