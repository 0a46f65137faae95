namespace Leviathan.Engineering.Tests;

/// <summary>Files shipped in the repository (examples) and a shared CAD cache for the test run.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Examples => Path.Combine(RepositoryRoot, "examples");

    public static string Benchmark(string name) => Path.Combine(Examples, "benchmarks", name + ".json");

    public static string Solution(string name) => Path.Combine(Examples, "solutions", name);

    /// <summary>STL cache shared by all tests: renders are keyed by content, so sharing is safe and keeps the suite fast.</summary>
    public static string CadCache { get; } = Path.Combine(Path.GetTempPath(), "leviathan-engineering-tests-cad");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Leviathan.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Leviathan.sln) above " + AppContext.BaseDirectory);
    }
}
