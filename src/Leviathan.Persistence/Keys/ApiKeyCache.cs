using System.Runtime.CompilerServices;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Persistence.Keys;

/// <summary>
/// Live keys recently authenticated against one opened store, by hash, so that a busy server does not read the store on
/// every request. Shared by every <see cref="ApiKeyStore"/> over the same <see cref="TraceStore"/> object, so a revoke in
/// this process empties it at once. A revoke in another process is seen when the entry expires (the lifetime its
/// <see cref="ApiKeyStore"/> was given). Unknown and revoked keys are never cached: the store always has the last word on them.
/// </summary>
internal sealed class ApiKeyCache
{
    /// <summary>More keys than this in use at once empties the cache rather than growing it without bound.</summary>
    public const int MaxEntries = 10_000;

    private static readonly ConditionalWeakTable<TraceStore, ApiKeyCache> PerStore = [];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ApiKeyRecord Key, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    // Bumped by every revoke: a lookup that read the store before the revoke must not put its (now stale) answer in the cache.
    private long _generation;

    public static ApiKeyCache For(TraceStore store) => PerStore.GetValue(store, _ => new ApiKeyCache());

    /// <summary>Taken before reading the store; <see cref="Add"/> refuses the answer if a revoke happened meanwhile.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    public ApiKeyRecord? Find(string hash, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(hash, out var entry))
            {
                return null;
            }

            if (entry.Expires > now)
            {
                return entry.Key;
            }

            _entries.Remove(hash);
            return null;
        }
    }

    public void Add(string hash, ApiKeyRecord key, DateTimeOffset expires, long generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[hash] = (key, expires);
        }
    }

    /// <summary>Forgets every key: called after a revoke is committed, so the next request with any key reads the store.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }
}
