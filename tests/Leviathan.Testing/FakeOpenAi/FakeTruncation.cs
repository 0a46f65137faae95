namespace Leviathan.Testing.FakeOpenAi;

/// <summary>How a reply is cut short.</summary>
public enum FakeTruncation
{
    /// <summary>The whole reply is sent.</summary>
    None,

    /// <summary>The connection is aborted mid-reply, as when a proxy or the server process dies.</summary>
    Abort,

    /// <summary>The response ends cleanly but early: no finish reason, no <c>[DONE]</c> (streaming) or half a body.</summary>
    EndEarly,

    /// <summary>The server stops sending but keeps the connection open, until the client gives up.</summary>
    Stall,
}
