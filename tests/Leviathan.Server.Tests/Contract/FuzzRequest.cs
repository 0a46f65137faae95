using System.Collections.Immutable;

namespace Leviathan.Server.Tests.Contract;

/// <summary>One generated request; <see cref="InvalidField"/> names the field a mutation broke (null: the request is valid).</summary>
internal sealed record FuzzRequest(
    string Method,
    ImmutableDictionary<string, string> PathValues,
    ImmutableList<KeyValuePair<string, string>> Query,
    ImmutableList<KeyValuePair<string, string>> Headers,
    string? Body,
    string? InvalidField)
{
    /// <summary>A body that is not JSON (an archive), sent with <see cref="ContentType"/>; null: <see cref="Body"/> as JSON.</summary>
    public byte[]? BodyBytes { get; init; }

    public string ContentType { get; init; } = "application/json";

    public static FuzzRequest Empty(string method) =>
        new(method, ImmutableDictionary<string, string>.Empty, [], [], null, null);

    public string Target(string template)
    {
        var path = PathValues.Aggregate(template, (p, v) => p.Replace("{" + v.Key + "}", Uri.EscapeDataString(v.Value), StringComparison.Ordinal));
        return Query.Count == 0 ? path : path + "?" + string.Join("&", Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
    }

    public override string ToString() =>
        $"{Method} path={string.Join(",", PathValues.Select(p => $"{p.Key}={p.Value}"))} query={string.Join("&", Query.Select(q => $"{q.Key}={q.Value}"))} " +
        $"headers={string.Join(",", Headers.Select(h => $"{h.Key}: {h.Value}"))} body={(BodyBytes is null ? Body : $"{BodyBytes.Length} bytes of {ContentType}")} invalid={InvalidField ?? "-"}";
}
