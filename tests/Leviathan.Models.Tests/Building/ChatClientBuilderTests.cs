using System.Runtime.CompilerServices;
using Leviathan.Models.Building;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Building;

public sealed class ChatClientBuilderTests
{
    [Fact]
    public async Task Build_FirstUseIsTheOutermostLayer()
    {
        var order = new List<string>();
        var client = new ChatClientBuilder(new EchoClient(order))
            .Use(inner => new TaggingClient(inner, "outer", order))
            .Use(inner => new TaggingClient(inner, "inner", order))
            .Build();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        order.ShouldBe(["outer", "inner", "echo"]);
        response.Text.ShouldBe("hi");
    }

    /// <summary>The innermost client: answers with the last message.</summary>
    private sealed class EchoClient(List<string> order) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            order.Add("echo");
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, messages.Last().Text)));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new ChatResponseUpdate(ChatRole.Assistant, messages.Last().Text);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class TaggingClient(IChatClient inner, string tag, List<string> order) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            order.Add(tag);
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
