using Leviathan.Models.Errors;
using Leviathan.Models.Probing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Models.Tests.Probing;

public sealed class ModelProbeTests
{
    [Fact]
    public async Task Ping_LiveEndpoint_ReportsModelsUsageReasoningAndStreaming()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.ModelIds.Add("other-model");
        server.RespondWith(_ => FakeReply.Text("pong").WithReasoning("easy").WithUsage(12, 1));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.Reply.ShouldBe("pong");
        result.ReportedModel.ShouldBe("fake-model");
        result.ServedModels.ShouldBe(["fake-model", "other-model"]);
        result.UsageReported.ShouldBeTrue();
        result.ReasoningReturned.ShouldBeTrue();
        result.StreamingWorks.ShouldBe(true);
        server.Requests.First().Path.ShouldBe("/v1/models");
        server.ChatRequests.First().Json!["max_completion_tokens"]!.GetValue<int>().ShouldBe(16);
        server.ChatRequests.First().Json!["max_tokens"]!.GetValue<int>().ShouldBe(16);
    }

    [Fact]
    public async Task Ping_NothingListening_FailsAtOnceWithoutRetrying()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUrl.Port;
        }

        using var factory = ModelTestProfiles.Factory();

        var error = await Should.ThrowAsync<ModelConnectionException>(() =>
            ModelProbe.PingAsync(factory, ModelTestProfiles.For(new Uri($"http://127.0.0.1:{port}/v1/"))));

        error.Message.ShouldContain("Connection refused");
        error.Hint!.ShouldContain("models.profiles.default.base_url");
    }
}
