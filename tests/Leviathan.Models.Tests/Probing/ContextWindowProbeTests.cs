using Leviathan.Models.Probing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Models.Tests.Probing;

public sealed class ContextWindowProbeTests : IAsyncLifetime
{
    private readonly Leviathan.Models.Building.ModelClientFactory _factory = ModelTestProfiles.Factory();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Detect_LlamaCppProps_ReadsTheSlotContext()
    {
        _server.LlamaCppContext = 16384;

        var detected = await ContextWindowProbe.DetectAsync(_factory, ModelTestProfiles.For(_server.BaseUrl));

        detected.ShouldBe(new DetectedContextWindow(16384, "llama.cpp GET /props default_generation_settings.n_ctx"));
        _server.Requests.ShouldContain(r => r.Path == "/props" && r.Method == "GET");
    }

    [Fact]
    public async Task Detect_VllmModelList_ReadsMaxModelLen()
    {
        _server.VllmMaxModelLen = 32768;

        var detected = await ContextWindowProbe.DetectAsync(_factory, ModelTestProfiles.For(_server.BaseUrl));

        detected!.Tokens.ShouldBe(32768);
        detected.Source.ShouldContain("max_model_len");
    }

    [Fact]
    public async Task Detect_OllamaWithNumCtx_PrefersNumCtxOverTheModelsMaximum()
    {
        _server.OllamaContextLength = 131072;
        _server.OllamaNumCtx = 8192;

        var detected = await ContextWindowProbe.DetectAsync(_factory, ModelTestProfiles.For(_server.BaseUrl));

        detected.ShouldBe(new DetectedContextWindow(8192, "Ollama POST /api/show parameters num_ctx"));
        _server.Requests.Single(r => r.Path == "/api/show").Json!["model"]!.GetValue<string>().ShouldBe("fake-model");
    }

    [Fact]
    public async Task Detect_OllamaWithoutNumCtx_ReadsTheArchitecturesContextLength()
    {
        _server.OllamaContextLength = 131072;

        var detected = await ContextWindowProbe.DetectAsync(_factory, ModelTestProfiles.For(_server.BaseUrl));

        detected.ShouldBe(new DetectedContextWindow(131072, "Ollama POST /api/show model_info llama.context_length"));
    }

    [Fact]
    public async Task Resolve_ServerReportsNothing_AssumesTheDefaultAndSaysWhereToSetIt()
    {
        var profile = ModelTestProfiles.For(_server.BaseUrl) with { ContextWindowConfigured = false };

        var resolution = await ContextWindowProbe.ResolveAsync(_factory, profile);

        resolution.Assumed.ShouldBeTrue();
        resolution.Profile.ContextWindow.ShouldBe(8192);
        resolution.Describe().ShouldBe("8192 tokens (assumed: the server does not report its window; set models.profiles.default.context_window)");
    }

    [Fact]
    public async Task Resolve_UnsetWindowAndAReportingServer_UsesTheReportedWindow()
    {
        _server.LlamaCppContext = 4096;
        var profile = ModelTestProfiles.For(_server.BaseUrl) with { ContextWindowConfigured = false };

        var resolution = await ContextWindowProbe.ResolveAsync(_factory, profile);

        resolution.Profile.ContextWindow.ShouldBe(4096);
        resolution.Describe().ShouldBe("4096 tokens (detected: llama.cpp GET /props default_generation_settings.n_ctx)");
    }

    [Fact]
    public async Task Resolve_ConfiguredWindow_IsKeptWithoutAskingTheServer()
    {
        _server.LlamaCppContext = 4096;

        var resolution = await ContextWindowProbe.ResolveAsync(_factory, ModelTestProfiles.For(_server.BaseUrl));

        resolution.Profile.ContextWindow.ShouldBe(8192);
        _server.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/")]
    [InlineData("http://host:11434/v1", "http://host:11434/")]
    [InlineData("http://host/llm/v1/", "http://host/llm/")]
    [InlineData("http://host:8000/", "http://host:8000/")]
    public void ServerRoot_BaseUrl_DropsTheV1Suffix(string baseUrl, string root) =>
        ContextWindowProbe.ServerRoot(new Uri(baseUrl)).ShouldBe(new Uri(root));
}
