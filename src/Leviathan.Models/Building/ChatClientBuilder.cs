using Microsoft.Extensions.AI;

namespace Leviathan.Models.Building;

/// <summary>
/// Composes an <see cref="IChatClient"/> from an inner client and decorators, as in dotnet/extensions:
/// the first <see cref="Use"/> becomes the outermost layer, the last one sits right above the inner client.
/// </summary>
public sealed class ChatClientBuilder(IChatClient innerClient)
{
    private readonly List<Func<IChatClient, IChatClient>> _layers = [];

    /// <summary>Adds a decorator; it receives the client built so far below it and returns the client that wraps it.</summary>
    public ChatClientBuilder Use(Func<IChatClient, IChatClient> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Builds the pipeline: <c>first(second(…(inner)))</c>.</summary>
    public IChatClient Build()
    {
        var client = innerClient;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            client = _layers[i](client) ?? throw new InvalidOperationException($"decorator {i} returned no client");
        }

        return client;
    }
}
