using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// A list of positions in the worker protocol (trajectories): x, y, z of each as raw double bits, base64. Exact by
/// construction, and neither side formats or parses three decimal numbers per sample.
/// </summary>
internal sealed class PackedPositionsConverter : JsonConverter<IReadOnlyList<Vec3>>
{
    public override IReadOnlyList<Vec3> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.TokenType == JsonTokenType.String
            ? reader.GetBytesFromBase64()
            : throw new JsonException("expected packed positions (a base64 string)");
        const int Size = 3 * sizeof(double);
        if (bytes.Length % Size != 0)
        {
            throw new JsonException($"packed positions of {bytes.Length} bytes, not a multiple of {Size}");
        }

        var numbers = MemoryMarshal.Cast<byte, double>(bytes);
        var positions = new List<Vec3>(bytes.Length / Size);
        for (var i = 0; i < numbers.Length; i += 3)
        {
            positions.Add(new Vec3(numbers[i], numbers[i + 1], numbers[i + 2]));
        }

        return positions;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Vec3> value, JsonSerializerOptions options)
    {
        var numbers = new double[3 * value.Count];
        for (var i = 0; i < value.Count; i++)
        {
            var p = value[i];
            numbers[3 * i] = p.X;
            numbers[(3 * i) + 1] = p.Y;
            numbers[(3 * i) + 2] = p.Z;
        }

        writer.WriteBase64StringValue(MemoryMarshal.AsBytes(numbers.AsSpan()));
    }
}
