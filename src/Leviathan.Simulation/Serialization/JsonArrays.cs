using System.Text.Json;

namespace Leviathan.Simulation.Serialization;

internal static class JsonArrays
{
    public static void ReadNumbers(ref Utf8JsonReader reader, scoped Span<double> values, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected {what}");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"expected {what} with {values.Length} numbers");
            }

            values[i] = reader.GetDouble();
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"expected {what} with {values.Length} numbers");
        }
    }
}
