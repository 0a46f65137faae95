namespace Leviathan.Models.Recording;

/// <summary>What a cassette does with model calls.</summary>
public enum CassetteMode
{
    /// <summary>Calls go to the server; each request/response pair is appended to the cassette (which is started afresh).</summary>
    Record,

    /// <summary>Calls never reach a server; each is answered from the cassette by the hash of its normalized request, else by its place in the conversation.</summary>
    Replay,
}
