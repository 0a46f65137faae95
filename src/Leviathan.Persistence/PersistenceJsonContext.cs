using System.Text.Json.Serialization;

namespace Leviathan.Persistence;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PersistenceJsonContext : JsonSerializerContext;
