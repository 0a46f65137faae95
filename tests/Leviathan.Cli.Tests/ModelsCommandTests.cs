using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

public sealed class ModelsCommandTests
{
    private const string Key = "sk-cli-test-0123456789abcdef";

    [Fact]
    public async Task List_ProfilesFromEnvironmentAndConfig_ShowsEndpointsCapabilitiesAndRoutes()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:8080/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "qwen2.5-coder-7b";
        cli.Variables["LEVIATHAN_MODEL_API_KEY"] = Key;
        WriteConfig(cli, """
            models:
              profiles:
                big:
                  base_url: https://api.openai.com/v1
                  model: gpt-4.1
                  api_key_env: OPENAI_API_KEY
                  price_input_per_mtok: 2
                  price_output_per_mtok: 8
                  capabilities: [tools, json_schema, streaming]
              roles:
                planner: big
            """);

        var result = await cli.RunAsync("models", "list");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("profile default");
        result.Stdout.ShouldContain("endpoint      http://127.0.0.1:8080/v1/");
        result.Stdout.ShouldContain("model         qwen2.5-coder-7b");
        result.Stdout.ShouldContain("api key       LEVIATHAN_MODEL_API_KEY (set)");
        result.Stdout.ShouldContain("api key       OPENAI_API_KEY (not set)");
        result.Stdout.ShouldContain("price         2 in / 8 out USD per million tokens");
        result.Stdout.ShouldContain("capabilities  tools, json_schema, streaming");
        result.Stdout.ShouldContain("planner   -> big");
        result.Stdout.ShouldContain("engineer  -> default (not routed: uses default)");
        result.Stdout.ShouldNotContain(Key);
    }

    [Fact]
    public async Task List_NothingConfigured_SaysWhichVariablesToSet()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("models", "list");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("no model profiles configured");
        result.Stdout.ShouldContain("LEVIATHAN_MODEL_BASE_URL");
    }

    [Fact]
    public async Task List_BadValue_IsAUsageErrorNamingKeyAndSource()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "127.0.0.1:8080";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "m";

        var result = await cli.RunAsync("models", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("models.profiles.default.base_url = '127.0.0.1:8080' (from environment variable LEVIATHAN_MODEL_BASE_URL)");
        result.Stderr.ShouldContain("absolute http or https URL");
    }

    [Fact]
    public async Task Ping_LiveEndpoint_PrintsLatencyAndWhatTheServerSupports()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(_ => FakeReply.Text("pong").WithUsage(9, 1));
        using var cli = new CliHarness();
        cli.UseModel(server);
        cli.Variables["LEVIATHAN_MODEL_API_KEY"] = Key;

        var result = await cli.RunAsync("models", "ping");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldMatch(@"profile default: ok in \d+ ms");
        result.Stdout.ShouldContain("reply         \"pong\"");
        result.Stdout.ShouldContain("served        fake-model");
        result.Stdout.ShouldContain("usage         reported by the server");
        result.Stdout.ShouldContain("streaming     works");
        server.ChatRequests.First().Authorization.ShouldBe($"Bearer {Key}");
    }

    [Fact]
    public async Task Ping_NothingListening_FailsWithTheReason()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUrl.Port;
        }

        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = $"http://127.0.0.1:{port}/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "m";

        var result = await cli.RunAsync("models", "ping");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("ping of profile 'default' failed");
        result.Stderr.ShouldContain("Connection refused");
        result.Stderr.ShouldContain("hint: is the model server running");
    }

    [Fact]
    public async Task Ping_Unauthorized_QuotesTheServerAndNamesTheKeyVariable()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(_ => FakeReply.Error(401, "Incorrect API key provided"));
        using var cli = new CliHarness();
        WriteConfig(cli, $"""
            models:
              profiles:
                remote:
                  base_url: {server.BaseUrl}
                  model: gpt-4.1
                  api_key_env: REMOTE_KEY
            """);

        var result = await cli.RunAsync("models", "ping", "remote");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("401");
        result.Stderr.ShouldContain("\"Incorrect API key provided\"");
        result.Stderr.ShouldContain("REMOTE_KEY");
        server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Ping_UnknownProfile_IsAUsageError()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("models", "ping", "huge");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("there is no model profile 'huge' (configured: none)");
    }

    private static void WriteConfig(CliHarness cli, string yaml)
    {
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), yaml);
    }
}
