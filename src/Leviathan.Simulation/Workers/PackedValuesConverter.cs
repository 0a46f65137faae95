using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// A list of plain values in the worker protocol as their raw bytes, base64: exact by construction, and neither side
/// formats or parses a decimal number per value.
/// </summary>
/// <param name="what">What the values are, for the protocol's error messages ("doubles", "positions").</param>
internal abstract class PackedValuesConverter<T>(string what) : JsonConverter<IReadOnlyList<T>>
    where T : unmanaged
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.TokenType == JsonTokenType.String
            ? reader.GetBytesFromBase64()
            : throw new JsonException($"expected packed {what} (a base64 string)");
        var size = Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0)
        {
            throw new JsonException($"packed {what} of {bytes.Length} bytes, not a multiple of {size}");
        }

        var values = new List<T>(bytes.Length / size);
        CollectionsMarshal.SetCount(values, bytes.Length / size);
        bytes.CopyTo(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(values)));
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        ReadOnlySpan<T> values = value switch
        {
            List<T> list => CollectionsMarshal.AsSpan(list),
            T[] array => array,
            _ => [.. value],
        };
        writer.WriteBase64StringValue(MemoryMarshal.AsBytes(values));
    }
}
