namespace Leviathan.Engineering.Tests;

/// <summary>Files shipped in the repository (examples) and a shared CAD cache for the test run.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Leviathan.Testing.RepositoryRoot.Path;

    public static string Examples => Path.Combine(RepositoryRoot, "examples");

    public static string Benchmark(string name) => Path.Combine(Examples, "benchmarks", name + ".json");

    public static string Solution(string name) => Path.Combine(Examples, "solutions", name);

    /// <summary>STL cache shared by all tests: renders are keyed by content, so sharing is safe and keeps the suite fast.</summary>
    public static string CadCache { get; } = Path.Combine(Path.GetTempPath(), "leviathan-engineering-tests-cad");
}
