using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Tests.Diagnostics;

public sealed class LoggingTests
{
    private const string Secret = "the secret plan is in vault 7";

    [Fact]
    public async Task BelowTrace_BodiesAreNotLogged_ButCallsAndUsageAre()
    {
        var logs = await CallAsync(LogLevel.Debug);

        logs.ShouldNotContain(m => m.Message.Contains(Secret, StringComparison.Ordinal));
        logs.ShouldContain(m => m.Message.Contains("Model call to profile default (fake-model)", StringComparison.Ordinal));
        logs.ShouldContain(m => m.Level == LogLevel.Information && m.Message.Contains("used 10 in / 2 out tokens (server)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtTrace_BodiesAreLogged_ButNeverTheApiKey()
    {
        var logs = await CallAsync(LogLevel.Trace);

        logs.ShouldContain(m => m.Level == LogLevel.Trace && m.Message.Contains(Secret, StringComparison.Ordinal));
        logs.ShouldContain(m => m.Level == LogLevel.Trace && m.Message.Contains("\"answer text\"", StringComparison.Ordinal));
        logs.ShouldNotContain(m => m.Message.Contains(ModelTestProfiles.ApiKey, StringComparison.Ordinal));
    }

    private static async Task<List<(LogLevel Level, string Message)>> CallAsync(LogLevel level)
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(FakeReply.Text("answer text").WithUsage(10, 2));
        var loggers = new ListLoggerFactory(level);
        using var factory = new ModelClientFactory(new ModelClientFactoryOptions
        {
            LoggerFactory = loggers,
            Environment = name => name == ModelProfile.DefaultApiKeyVariable ? ModelTestProfiles.ApiKey : null,
        });
        var client = factory.Create(ModelTestProfiles.For(server.BaseUrl), new ModelClientOptions { Ledger = new ModelUsageLedger() });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, Secret)]);

        return loggers.Messages.ToList();
    }
}
