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

    [Fact]
    public async Task UnknownKeyInConfigFile_NamesTheKeyTheFileAndTheNearestValidKey()
    {
        await WriteHomeConfigAsync("sandbox:\n  memroy_mb: 512\n");

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("configuration key 'sandbox.memroy_mb' has the value '512'");
        result.Stderr.ShouldContain(Path.Combine(_cli.Home, "config.yaml"));
        result.Stderr.ShouldContain("did you mean 'sandbox.memory_mb'?");
    }

    [Fact]
    public async Task ServeSection_IsReadAndShown_AndATypoInItNamesTheNearestValidKey()
    {
        await WriteHomeConfigAsync("serve:\n  workers: 3\n  workspace_roots: /srv/a, /srv/b\n");

        var show = await _cli.RunAsync("config", "show");

        show.ExitCode.ShouldBe(0, show.Stderr);
        show.Stdout.ShouldContain("serve.workers");
        show.Stdout.ShouldContain("/srv/a, /srv/b");

        await WriteHomeConfigAsync("serve:\n  worker: 3\n");
        var typo = await _cli.RunAsync("runs", "list");
        typo.ExitCode.ShouldBe(2);
        typo.Stderr.ShouldContain("did you mean 'serve.workers'?");
    }

    [Fact]
    public async Task UnknownSectionAndNestedKeys_AreErrorsWithTheNearestValidKey()
    {
        await WriteHomeConfigAsync("stor:\n  provider: sqlite\n");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("'stor.provider' has the value 'sqlite'", Case.Sensitive, "the key is named");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("did you mean 'store'?");

        await WriteHomeConfigAsync("sandbox:\n  mounts:\n    - path: /opt/tool\n      writeable: true\n");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("'sandbox.mounts.0.writeable' has the value 'true'");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("did you mean 'sandbox.mounts.0.writable'?");

        await WriteHomeConfigAsync("models:\n  profiles:\n    local:\n      base_url: http://127.0.0.1:9/v1\n      modle: m\n");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("did you mean 'models.profiles.local.model'?");

        await WriteHomeConfigAsync("models:\n  profiles:\n    local:\n      budget:\n        dollars: 3\n");
        (await _cli.RunAsync("runs", "list")).Stderr.ShouldContain("did you mean 'models.profiles.local.budget.");
    }

    [Fact]
    public async Task UnknownKeyFromTheEnvironment_NamesTheVariable()
    {
        _cli.Variables["LEVIATHAN_STORE__BATCHSIZE"] = "100";

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'store.batchsize' has the value '100' (from environment variable LEVIATHAN_STORE__BATCHSIZE)");
        result.Stderr.ShouldContain("did you mean 'store.batch_size'?");
    }

    [Fact]
    public async Task EnvironmentVariablesOfScripts_AreNotKeys_ButASectionWithOneUnderscoreIsRefused()
    {
        _cli.Variables["LEVIATHAN_DEBIAN_MIRROR"] = "http://127.0.0.1:9/debian";
        _cli.Variables["LEVIATHAN_UPDATE_SCHEMAS"] = "1";
        (await _cli.RunAsync("config", "show")).ExitCode.ShouldBe(0);

        _cli.Variables["LEVIATHAN_STORE_PROVIDER"] = "postgres";
        var result = await _cli.RunAsync("config", "show");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'store_provider' has the value 'postgres' (from environment variable LEVIATHAN_STORE_PROVIDER)");
        result.Stderr.ShouldContain("__ separates the levels");
    }

    [Fact]
    public async Task ConfigShow_NamesTheLayerOfEveryValue()
    {
        await WriteHomeConfigAsync("sandbox:\n  cpus: 2\n");
        await WriteProjectConfigAsync("sim:\n  timeout_s: 30\n");
        _cli.Variables["LEVIATHAN_STORE__BATCH_SIZE"] = "100";

        var json = await _cli.RunAsync("config", "show", "--json");
        var text = await _cli.RunAsync("config", "show");

        json.ExitCode.ShouldBe(0, json.Stderr);
        var root = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!;
        var settings = root["settings"]!.AsArray().ToDictionary(s => (string)s!["key"]!, s => s!);
        Setting("sandbox.cpus").ShouldBe(("2", "user_file", Path.Combine(_cli.Home, "config.yaml")));
        Setting("sim.timeout_s").ShouldBe(("30", "project_file", Path.Combine(_cli.Scratch, ".leviathan", "config.yaml")));
        Setting("store.batch_size").ShouldBe(("100", "environment", "environment variable LEVIATHAN_STORE__BATCH_SIZE"));
        Setting("store.provider").ShouldBe(("sqlite", "defaults", "built-in defaults"));
        root["layers"]!.AsArray().Select(l => (string)l!["layer"]!).ShouldBe(["defaults", "user_file", "project_file", "environment", "command_line"]);
        text.Stdout.ShouldMatch(@"sandbox\.cpus\s+2\s+" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(_cli.Home, "config.yaml")));

        (string, string, string) Setting(string key) => ((string)settings[key]["value"]!, (string)settings[key]["layer"]!, (string)settings[key]["source"]!);
    }

    [Fact]
    public async Task ConfigShow_DoesNotPrintTheStorePassword()
    {
        _cli.Variables["LEVIATHAN_STORE__CONNECTION"] = "Host=127.0.0.1;Username=lev;Password=s3cret;Database=runs";

        var result = await _cli.RunAsync("config", "show");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldNotContain("s3cret");
        result.Stdout.ShouldContain("Password=***");
    }

    [Fact]
    public async Task ProjectFile_MayNotWidenTheSandbox()
    {
        await WriteProjectConfigAsync("sandbox:\n  kind: none\n");

        var result = await _cli.RunAsync("config", "show");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'sandbox.kind' has the value 'none' (from " + Path.Combine(_cli.Scratch, ".leviathan", "config.yaml") + ")");
        result.Stderr.ShouldContain("a project file may set only sandbox.image, sandbox.presets");
    }

    [Fact]
    public async Task PolicyFromTheEnvironment_IsRefused()
    {
        _cli.Variables["LEVIATHAN_POLICY__RULES__0__ID"] = "allow-everything";

        var result = await _cli.RunAsync("config", "show");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("policy rules are read from your own config.yaml (section policy) or --policy FILE only");
    }

    [Fact]
    public async Task TopLevelScalarInConfigFile_SaysAMappingIsNeeded()
    {
        await WriteHomeConfigAsync("just some words\n");

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("must hold a YAML mapping at its top level");
    }

    [Fact]
    public async Task CommandLineOption_WinsOverEveryLayer_AndIsStillChecked()
    {
        _cli.Variables["LEVIATHAN_SIM__MAX_SPEED"] = "5";
        var model = Path.Combine(_cli.Scratch, "bad.xml");
        await File.WriteAllTextAsync(model, "<mujoco/>");

        var result = await _cli.RunAsync("sim", "validate", model, "--max-speed", "-1");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'sim.max_speed' has the value '-1' (from the command line)");
        result.Stderr.ShouldContain("it must be a number from 1E-09 to 1000000000000");
    }

    private async Task WriteHomeConfigAsync(string yaml)
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "config.yaml"), yaml);
    }

    private async Task WriteProjectConfigAsync(string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_cli.Scratch, ".leviathan"));
        await File.WriteAllTextAsync(Path.Combine(_cli.Scratch, ".leviathan", "config.yaml"), yaml);
    }

    public void Dispose() => _cli.Dispose();
}
