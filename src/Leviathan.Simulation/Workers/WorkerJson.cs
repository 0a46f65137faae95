using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// The worker protocol's JSON: UTF-8 bytes, one object per line. Nothing of it reaches HTML, so only what JSON itself
/// requires is escaped (the MJCF text inside a request keeps its angle brackets instead of <c>\u003C</c>), and lists of
/// numbers (trajectories, sample times) travel as their raw bits (<see cref="PackedDoublesConverter"/>,
/// <see cref="PackedPositionsConverter"/>). Results printed for users use <see cref="SimulationJson"/>, not this.
/// </summary>
internal static class WorkerJson
{
    public static readonly WorkerJsonContext Context = new(new JsonSerializerOptions(WorkerJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new PackedDoublesConverter(), new PackedPositionsConverter() },
    });

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> and a newline to <paramref name="output"/>.</summary>
    public static void WriteLine<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> type)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        output.Write("\n"u8);
    }
}
