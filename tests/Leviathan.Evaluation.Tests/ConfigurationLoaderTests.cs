using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Suites;
using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

/// <summary>Configuration files for <c>--config NAME=FILE</c>: what they override, and errors that say what to write.</summary>
public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-config");

    [Fact]
    public void Parse_FullConfiguration_ReadsEveryOverride()
    {
        File.WriteAllText(_temp.Combine("strong.yaml"), """
            profile: big
            routes: {critic: small}
            prompts: {engineer: engineer@1}
            budget: {tokens: 5000, usd: 0.25}
            max_steps: 30
            time_limit_minutes: 7.5
            sandbox: bubblewrap
            switches: {candidates: "3"}
            """);

        var configuration = ConfigurationLoader.Parse("strong=strong.yaml", _temp.Path);

        configuration.Name.ShouldBe("strong");
        configuration.Profile.ShouldBe("big");
        configuration.Routes["critic"].ShouldBe("small");
        configuration.PromptVersions["engineer"].ShouldBe("engineer@1");
        configuration.Budget.ShouldBe(new TaskBudget(5000, 0.25m, 30));
        configuration.TimeLimit.ShouldBe(TimeSpan.FromMinutes(7.5));
        configuration.Sandbox.ShouldBe("bwrap");
        configuration.Switches["candidates"].ShouldBe("3");
        configuration.Describe().ShouldContain("profile big");
    }

    [Theory]
    [InlineData("proflie: big", "'proflie': unknown key at line 1; did you mean 'profile'?")]
    [InlineData("routes: {tester: big}", "'tester' is not a role")]
    [InlineData("baseline: {seed: 3}", "'baseline': is given but the solver is not the baseline")]
    [InlineData("solver: baseline\nbaseline: {candidates: 3}", "unknown key")]
    [InlineData("sandbox: docker", "'docker' is not a sandbox kind")]
    [InlineData("budget: {steps: 3}\nmax_steps: 4", "the step limit is given twice")]
    public void Load_BadFile_SaysWhatIsWrong(string yaml, string expected)
    {
        File.WriteAllText(_temp.Combine("bad.yaml"), yaml);

        Should.Throw<SuiteFormatException>(() => ConfigurationLoader.Load("bad", _temp.Combine("bad.yaml"))).Message.ShouldContain(expected);
    }

    [Fact]
    public void Load_BaselineSolver_ReadsTheSearchSettingsAndSaysThemInTheDescription()
    {
        File.WriteAllText(_temp.Combine("baseline.yaml"), "solver: baseline\nbaseline: {seed: 7, max_candidates: 40, budget_seconds: 90}\nroutes: {reviewer: small}\n");

        var configuration = ConfigurationLoader.Load("baseline", _temp.Combine("baseline.yaml"));

        configuration.Solver.ShouldBe("baseline");
        configuration.Baseline.ShouldBe(new BaselineSettings(7, 40, TimeSpan.FromSeconds(90)));
        configuration.Routes["reviewer"].ShouldBe("small");
        configuration.Describe().ShouldContain("solver baseline (seed 7, ≤40 candidates, ≤90 s)");
    }

    [Fact]
    public void Parse_NotNameEqualsFile_IsAnError() =>
        Should.Throw<ArgumentException>(() => ConfigurationLoader.Parse("strong.yaml", _temp.Path)).Message.ShouldContain("is not NAME=FILE");

    public void Dispose() => _temp.Dispose();
}
