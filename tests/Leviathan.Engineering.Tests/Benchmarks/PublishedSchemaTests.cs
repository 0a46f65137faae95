using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Solutions;
using NJsonSchema;

namespace Leviathan.Engineering.Tests.Benchmarks;

/// <summary>
/// The schemas in docs/schemas are generated from the spec types. Set LEVIATHAN_UPDATE_SCHEMAS=1 to rewrite them.
/// </summary>
public sealed class PublishedSchemaTests
{
    public static TheoryData<string> Schemas => new() { "benchmark", "solution" };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void PublishedSchema_MatchesTheSpecTypes(string name)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "docs", "schemas", $"{name}.schema.json");
        var generated = Generate(name);
        if (Environment.GetEnvironmentVariable("LEVIATHAN_UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing; run the tests with LEVIATHAN_UPDATE_SCHEMAS=1");
        File.ReadAllText(path).ShouldBe(generated, $"{path} is out of date; run the tests with LEVIATHAN_UPDATE_SCHEMAS=1");
    }

    [Theory]
    [InlineData("benchmarks/ramp-to-goal.json", "benchmark")]
    [InlineData("benchmarks/flip-into-bin.json", "benchmark")]
    [InlineData("solutions/ramp-to-goal/solution.json", "solution")]
    public async Task ShippedExamples_ValidateAgainstThePublishedSchema(string example, string schema)
    {
        var json = await JsonSchema.FromJsonAsync(Generate(schema));

        var errors = json.Validate(File.ReadAllText(Path.Combine(TestPaths.Examples, example)));

        errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task PublishedSchema_RejectsUnknownPropertiesAndWrongVectorLengths()
    {
        var json = await JsonSchema.FromJsonAsync(Generate("benchmark"));
        var text = File.ReadAllText(TestPaths.Benchmark("ramp-to-goal"))
            .Replace("\"seed\": 7,", "\"seed\": 7, \"colour\": \"red\",", StringComparison.Ordinal)
            .Replace("\"position\": [-0.3, 0, 0.4]", "\"position\": [-0.3, 0]", StringComparison.Ordinal);

        var errors = json.Validate(text).Select(e => e.Kind.ToString()).ToList();

        errors.ShouldContain("NoAdditionalPropertiesAllowed");
        errors.ShouldContain("TooFewItems");
    }

    private static string Generate(string name) => name == "benchmark"
        ? SpecSchema.GenerateText(typeof(BenchmarkSpec), "https://leviathan.dev/schemas/benchmark.schema.json", "Leviathan benchmark v1")
        : SpecSchema.GenerateText(typeof(SolutionSpec), "https://leviathan.dev/schemas/solution.schema.json", "Leviathan solution v1");
}
