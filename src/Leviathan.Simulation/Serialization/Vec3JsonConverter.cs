using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Serialization;

/// <summary>Writes <see cref="Vec3"/> as a compact <c>[x, y, z]</c> array.</summary>
internal sealed class Vec3JsonConverter : JsonConverter<Vec3>
{
    public override Vec3 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Span<double> values = stackalloc double[3];
        JsonArrays.ReadNumbers(ref reader, values, "a position [x, y, z]");
        return new Vec3(values[0], values[1], values[2]);
    }

    public override void Write(Utf8JsonWriter writer, Vec3 value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteNumberValue(value.Z);
        writer.WriteEndArray();
    }
}
