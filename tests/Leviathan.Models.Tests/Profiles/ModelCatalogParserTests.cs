using Leviathan.Models.Profiles;
using Leviathan.Models.ToolCalls;

namespace Leviathan.Models.Tests.Profiles;

public sealed class ModelCatalogParserTests
{
    [Fact]
    public void Parse_FullProfileAndRoles_ReadsEverySetting()
    {
        var catalog = ModelCatalogParser.Parse(Settings(
            ("models:profiles:default:base_url", "http://127.0.0.1:8080/v1"),
            ("models:profiles:default:model", "qwen2.5-coder-7b"),
            ("models:profiles:big:base_url", "https://api.openai.com/v1/"),
            ("models:profiles:big:model", "gpt-4.1"),
            ("models:profiles:big:api_key_env", "OPENAI_API_KEY"),
            ("models:profiles:big:context_window", "1047576"),
            ("models:profiles:big:price_input_per_mtok", "2.0"),
            ("models:profiles:big:price_output_per_mtok", "8"),
            ("models:profiles:big:capabilities", "tools, json_schema,logprobs,streaming"),
            ("models:profiles:big:timeout_s", "90"),
            ("models:profiles:big:retries", "5"),
            ("models:profiles:big:retry_delay_s", "0.25"),
            ("models:roles:planner", "big"),
            ("store:provider", "sqlite")));

        var big = catalog.Get("big");
        big.BaseUrl.ShouldBe(new Uri("https://api.openai.com/v1/"));
        big.Model.ShouldBe("gpt-4.1");
        big.ApiKeyVariable.ShouldBe("OPENAI_API_KEY");
        big.ContextWindow.ShouldBe(1047576);
        (big.PriceInputPerMillion, big.PriceOutputPerMillion).ShouldBe((2.0m, 8m));
        big.Capabilities.ShouldBe(ModelCapabilities.ToolCalls | ModelCapabilities.JsonSchema | ModelCapabilities.Logprobs | ModelCapabilities.Streaming);
        big.Timeout.ShouldBe(TimeSpan.FromSeconds(90));
        (big.Retries, big.RetryDelay).ShouldBe((5, TimeSpan.FromSeconds(0.25)));

        var local = catalog.Get("default");
        local.BaseUrl.ShouldBe(new Uri("http://127.0.0.1:8080/v1/"));
        local.ApiKeyVariable.ShouldBe("LEVIATHAN_MODEL_API_KEY");
        local.ContextWindow.ShouldBe(ModelCatalogParser.DefaultContextWindow);
        local.Capabilities.ShouldBe(ModelCatalogParser.DefaultCapabilities);
        local.Timeout.ShouldBe(ModelCatalogParser.DefaultTimeout);
        (local.Retries, local.RetryDelay).ShouldBe((3, TimeSpan.FromSeconds(1)), "three retries from 1 s unless configured");
        local.CostOf(1_000_000, 1_000_000).ShouldBe(0m);

        catalog.ForRole("planner").Name.ShouldBe("big");
        catalog.ForRole("engineer").Name.ShouldBe("default");
        catalog.ForRole("PLANNER").Name.ShouldBe("big");
    }

    [Fact]
    public void Parse_CapabilitiesAsYamlList_AreRead()
    {
        var catalog = ModelCatalogParser.Parse(Settings(
            ("models:profiles:default:base_url", "http://localhost:11434/v1"),
            ("models:profiles:default:model", "llama3.1"),
            ("models:profiles:default:capabilities:0", "tool_calls"),
            ("models:profiles:default:capabilities:1", "json-schema")));

        catalog.Get("default").Capabilities.ShouldBe(ModelCapabilities.ToolCalls | ModelCapabilities.JsonSchema);
    }

    [Fact]
    public void Parse_ProfilesAsAYamlListWithNames_AreNamedByTheirNameField()
    {
        var catalog = ModelCatalogParser.Parse(Settings(
            ("models:profiles:0:name", "default"),
            ("models:profiles:0:base_url", "http://127.0.0.1:8080/v1"),
            ("models:profiles:0:model", "local"),
            ("models:profiles:1:name", "big"),
            ("models:profiles:1:base_url", "https://api.openai.com/v1"),
            ("models:profiles:1:model", "gpt-4.1"),
            ("models:roles:critic", "big")));

        catalog.Profiles.Keys.Order().ShouldBe(["big", "default"]);
        catalog.Get("default").ApiKeyVariable.ShouldBe("LEVIATHAN_MODEL_API_KEY");
        catalog.ForRole("critic").Model.ShouldBe("gpt-4.1");
    }

    [Fact]
    public void Parse_EmptyAliasKeys_DoNotMakeAProfile()
    {
        var catalog = ModelCatalogParser.Parse(Settings(("models:profiles:default:base_url", ""), ("models:profiles:default:model", null)));

        catalog.Profiles.ShouldBeEmpty();
        var error = Should.Throw<ModelConfigurationException>(() => catalog.ForRole("engineer"));
        error.Message.ShouldContain("LEVIATHAN_MODEL_BASE_URL");
    }

    [Theory]
    [InlineData("base_url", "localhost:8080", "models.profiles.default.base_url = 'localhost:8080' (from config.yaml) is not accepted: it must be an absolute http or https URL")]
    [InlineData("base_url", "ftp://host/v1", "must be an absolute http or https URL")]
    [InlineData("context_window", "big", "models.profiles.default.context_window = 'big' (from config.yaml) is not accepted: it must be a whole number")]
    [InlineData("price_input_per_mtok", "-1", "US dollars per million tokens")]
    [InlineData("timeout_s", "0", "number of seconds")]
    [InlineData("retries", "-1", "models.profiles.default.retries = '-1' (from config.yaml) is not accepted: it must be a whole number from 0 to 20")]
    [InlineData("retry_delay_s", "soon", "models.profiles.default.retry_delay_s = 'soon' (from config.yaml) is not accepted: it must be a number of seconds from 0.001 to 600")]
    [InlineData("capabilities", "tools,telepathy", "models.profiles.default.capabilities = 'telepathy' (from config.yaml) is not accepted: unknown capability; accepted: tools, json_schema, logprobs, streaming, vision")]
    [InlineData("temperature", "0.2", "unknown profile setting 'temperature'")]
    [InlineData("tool_calls", "xml", "models.profiles.default.tool_calls = 'xml' (from config.yaml) is not accepted: accepted: auto, native, text")]
    public void Parse_BadValue_NamesTheKeyTheValueAndItsSource(string field, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["models:profiles:default:base_url"] = "http://127.0.0.1:8080/v1",
            ["models:profiles:default:model"] = "m",
            [$"models:profiles:default:{field}"] = value,
        };

        var error = Should.Throw<ModelConfigurationException>(() => ModelCatalogParser.Parse(settings, _ => "config.yaml"));

        error.Message.ShouldContain(expected);
        error.Key.ShouldBe($"models.profiles.default.{field}");
    }

    [Fact]
    public void Parse_MissingModel_SaysItIsRequired()
    {
        var error = Should.Throw<ModelConfigurationException>(() => ModelCatalogParser.Parse(
            Settings(("models:profiles:default:base_url", "http://127.0.0.1:8080/v1")), key => $"source of {key}"));

        error.Message.ShouldBe("models.profiles.default.model is not set (from source of models:profiles:default:model): a value is required: the model id the server serves, e.g. qwen2.5-coder-7b-instruct");
    }

    [Fact]
    public void Parse_RoleRoutedToAnUnknownProfile_IsRejected()
    {
        var error = Should.Throw<ModelConfigurationException>(() => ModelCatalogParser.Parse(Settings(
            ("models:profiles:default:base_url", "http://127.0.0.1:8080/v1"),
            ("models:profiles:default:model", "m"),
            ("models:roles:critic", "huge"))));

        error.Message.ShouldContain("models.roles.critic = 'huge'");
        error.Message.ShouldContain("there is no profile 'huge'; configured profiles: default");
    }

    [Theory]
    [InlineData(null, null, ToolCallMode.Auto)]
    [InlineData("text", null, ToolCallMode.Text)]
    [InlineData("Native", null, ToolCallMode.Native)]
    [InlineData("auto", null, ToolCallMode.Auto)]
    [InlineData(null, "streaming", ToolCallMode.Text)]
    [InlineData("auto", "streaming", ToolCallMode.Auto)]
    public void Parse_ToolCalls_ReadsTheModeAndDefaultsToTextWithoutTheToolsCapability(string? toolCalls, string? capabilities, ToolCallMode expected)
    {
        var settings = Settings(("models:profiles:default:base_url", "http://127.0.0.1:8080/v1"), ("models:profiles:default:model", "m"));
        if (toolCalls is not null)
        {
            settings["models:profiles:default:tool_calls"] = toolCalls;
        }

        if (capabilities is not null)
        {
            settings["models:profiles:default:capabilities"] = capabilities;
        }

        ModelCatalogParser.Parse(settings).Get("default").ToolCalls.ShouldBe(expected);
    }

    [Fact]
    public void Parse_ContextWindow_RemembersWhetherItWasSet()
    {
        var catalog = ModelCatalogParser.Parse(Settings(
            ("models:profiles:default:base_url", "http://127.0.0.1:8080/v1"),
            ("models:profiles:default:model", "m"),
            ("models:profiles:big:base_url", "http://127.0.0.1:8081/v1"),
            ("models:profiles:big:model", "m"),
            ("models:profiles:big:context_window", "65536")));

        catalog.Get("default").ContextWindowConfigured.ShouldBeFalse();
        catalog.Get("big").ContextWindowConfigured.ShouldBeTrue();
    }

    [Fact]
    public void ReadApiKey_ReadsTheNamedVariableOnly()
    {
        var profile = ModelCatalogParser.Parse(Settings(
            ("models:profiles:default:base_url", "http://127.0.0.1:8080/v1"),
            ("models:profiles:default:model", "m"))).Get("default");

        profile.ReadApiKey(name => name == "LEVIATHAN_MODEL_API_KEY" ? " sk-abc " : "other").ShouldBe("sk-abc");
        profile.ReadApiKey(_ => null).ShouldBeNull();
        profile.ToString().ShouldNotContain("sk-abc");
    }

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
}
