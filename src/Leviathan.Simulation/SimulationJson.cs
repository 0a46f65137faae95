using System.Text.Encodings.Web;
using System.Text.Json;
using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Serialization;
using Leviathan.Simulation.Validation;

namespace Leviathan.Simulation;

/// <summary>JSON forms of the results, as the CLI prints and records them.</summary>
public static class SimulationJson
{
    private static readonly SimulationJsonContext Indented = new(new JsonSerializerOptions(SimulationJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // output goes to terminals and files, never into HTML, so quotes and apostrophes stay readable
    private static readonly SimulationJsonContext Compact = new(new JsonSerializerOptions(SimulationJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary><c>{"file", "valid", "compiled", "errors", "warnings", "stats"}</c>.</summary>
    public static string Serialize(ValidationReport report, bool indented = true) =>
        JsonSerializer.Serialize(report, indented ? Indented.ValidationReport : Compact.ValidationReport);

    public static string Serialize(SimulationResult result, bool indented = true) =>
        JsonSerializer.Serialize(result, indented ? Indented.SimulationResult : Compact.SimulationResult);

    /// <summary><c>{"frames": [{"index", "time", "camera", "path"}], "width", "height", "video_path", ...}</c>.</summary>
    public static string Serialize(RenderResult result, bool indented = true) =>
        JsonSerializer.Serialize(result, indented ? Indented.RenderResult : Compact.RenderResult);

    /// <summary>Writes the trajectories as JSON lines: <c>{"t": 0.02, "bodies": {"box": [x, y, z]}}</c>.</summary>
    public static async Task WriteTrajectoryAsync(SimulationResult result, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < result.SampleTimes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bodies = new Dictionary<string, Vec3>(StringComparer.Ordinal);
            foreach (var (name, positions) in result.Trajectories)
            {
                bodies[name] = positions[i];
            }

            await writer.WriteLineAsync(JsonSerializer.Serialize(new TrajectoryLine(result.SampleTimes[i], bodies), Compact.TrajectoryLine));
        }
    }
}
