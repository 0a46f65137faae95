using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Reads and validates a benchmark file; throws <see cref="SpecException"/> listing every problem.</summary>
public static class BenchmarkLoader
{
    public static BenchmarkSpec Load(string path)
    {
        var full = Path.GetFullPath(path);
        var spec = SpecReader.Read(full, EngineeringJsonContext.Default.BenchmarkSpec);
        var errors = BenchmarkValidator.Validate(spec, Path.GetDirectoryName(full));
        return errors.Count == 0 ? spec : throw new SpecException(full, errors);
    }

    public static BenchmarkSpec Parse(string json, string name = "benchmark", string? baseDirectory = null)
    {
        var spec = SpecReader.Parse(json, EngineeringJsonContext.Default.BenchmarkSpec, name);
        var errors = BenchmarkValidator.Validate(spec, baseDirectory);
        return errors.Count == 0 ? spec : throw new SpecException(name, errors);
    }
}
