using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Serialization;

/// <summary>Writes <see cref="Quat"/> as a compact <c>[w, x, y, z]</c> array.</summary>
internal sealed class QuatJsonConverter : JsonConverter<Quat>
{
    public override Quat Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Span<double> values = stackalloc double[4];
        JsonArrays.ReadNumbers(ref reader, values, "a quaternion [w, x, y, z]");
        return new Quat(values[0], values[1], values[2], values[3]);
    }

    public override void Write(Utf8JsonWriter writer, Quat value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.W);
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteNumberValue(value.Z);
        writer.WriteEndArray();
    }
}
