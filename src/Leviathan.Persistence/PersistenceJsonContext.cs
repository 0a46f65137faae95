using System.Text.Json.Serialization;

namespace Leviathan.Persistence;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class PersistenceJsonContext : JsonSerializerContext;
