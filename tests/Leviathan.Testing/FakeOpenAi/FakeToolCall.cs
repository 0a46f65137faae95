using System.Text.Json;

namespace Leviathan.Testing.FakeOpenAi;

/// <summary>One tool call the fake server answers with. <see cref="ArgumentsJson"/> is sent verbatim, so it may be broken JSON.</summary>
public sealed record FakeToolCall(string Name, string ArgumentsJson, string? Id = null)
{
    /// <summary>A call whose arguments are <paramref name="arguments"/> serialized to JSON (an anonymous object is fine).</summary>
    public static FakeToolCall Create(string name, object? arguments = null, string? id = null) =>
        new(name, arguments is null ? "{}" : JsonSerializer.Serialize(arguments), id);
}
