namespace Leviathan.Cli.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Help_ListsEveryCommandWithADescription()
    {
        var result = await _cli.RunAsync("--help");
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("runs");
        result.Stdout.ShouldContain("List, show and export recorded runs");
        result.Stdout.ShouldContain("--home");
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await _cli.RunAsync("--version");
        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldStartWith("0.1.0");
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorWithAHint()
    {
        var result = await _cli.RunAsync("runs", "list", "--colour");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--colour");
        result.Stderr.ShouldContain("hint: run 'leviathan runs list --help'");
    }

    [Fact]
    public async Task BadValueInConfigFile_NamesTheKeyTheValueTheFileAndTheAcceptedValues()
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "config.yaml"), "store:\n  provider: mongodb\n");

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("configuration key 'store.provider' has the value 'mongodb'");
        result.Stderr.ShouldContain("config.yaml");
        result.Stderr.ShouldContain("accepted values are: sqlite, postgres");
    }

    [Fact]
    public async Task EnvironmentVariable_OverridesTheConfigFile()
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "config.yaml"), "store:\n  batch_size: 100\n");
        _cli.Variables["LEVIATHAN_STORE__BATCH_SIZE"] = "zero";

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'store.batch_size' has the value 'zero' (from environment variable LEVIATHAN_STORE__BATCH_SIZE)");
        result.Stderr.ShouldContain("whole number from 1 to 100000");
    }

    [Fact]
    public async Task BrokenYaml_SaysWhereItIsBroken()
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "config.yaml"), "store:\n  provider: [sqlite\n");

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("is not valid YAML");
        result.Stderr.ShouldContain("line");
    }

    [Fact]
    public async Task HomeOption_WinsOverTheEnvironment()
    {
        var other = Path.Combine(_cli.Scratch, "other-home");
        var result = await _cli.RunAsync("--home", other, "runs", "list");
        result.ExitCode.ShouldBe(0);
        File.Exists(Path.Combine(other, "leviathan.db")).ShouldBeTrue();
        File.Exists(Path.Combine(_cli.Home, "leviathan.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task UnexpectedFailure_ShowsTheStackTraceOnlyWithVerbose()
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllBytesAsync(Path.Combine(_cli.Home, "leviathan.db"), new byte[100]);

        var quiet = await _cli.RunAsync("runs", "list");
        var verbose = await _cli.RunAsync("runs", "list", "--verbose");

        quiet.Stderr.ShouldNotContain("   at ");
        verbose.Stderr.ShouldContain("   at ");
        verbose.ExitCode.ShouldBe(1);
    }

    public void Dispose() => _cli.Dispose();
}
