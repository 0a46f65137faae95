using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// A list of doubles in the worker protocol (sample times, frame times): their raw bits, base64. Exact by
/// construction, and neither side formats or parses a decimal number per sample.
/// </summary>
internal sealed class PackedDoublesConverter : JsonConverter<IReadOnlyList<double>>
{
    public override IReadOnlyList<double> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.TokenType == JsonTokenType.String
            ? reader.GetBytesFromBase64()
            : throw new JsonException("expected packed doubles (a base64 string)");
        if (bytes.Length % sizeof(double) != 0)
        {
            throw new JsonException($"packed doubles of {bytes.Length} bytes, not a multiple of {sizeof(double)}");
        }

        var values = new List<double>(bytes.Length / sizeof(double));
        CollectionsMarshal.SetCount(values, bytes.Length / sizeof(double));
        bytes.CopyTo(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(values)));
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<double> value, JsonSerializerOptions options)
    {
        ReadOnlySpan<double> values = value switch
        {
            List<double> list => CollectionsMarshal.AsSpan(list),
            double[] array => array,
            _ => [.. value],
        };
        writer.WriteBase64StringValue(MemoryMarshal.AsBytes(values));
    }
}
