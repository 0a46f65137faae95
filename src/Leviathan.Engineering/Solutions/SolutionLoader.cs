using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Solutions;

/// <summary>Reads <c>solution.json</c> from a solution folder and checks it against the benchmark.</summary>
public static class SolutionLoader
{
    public const string FileName = "solution.json";

    public static SolutionSpec Load(string folder, BenchmarkSpec benchmark)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"solution folder not found: {full}");
        }

        var file = Path.Combine(full, FileName);
        var spec = SpecReader.Read(file, EngineeringJsonContext.Default.SolutionSpec);
        var errors = SolutionValidator.Validate(spec, benchmark, full);
        return errors.Count == 0 ? spec : throw new SpecException(file, errors);
    }
}
