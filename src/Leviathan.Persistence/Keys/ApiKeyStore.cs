using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Persistence.Keys;

/// <summary>
/// API keys in the trace store. A key is 32 random bytes (base64url, after the <c>lvk_</c> marker); only its
/// SHA-256 hash is stored, so a copy of the database does not give anyone access.
/// </summary>
/// <param name="store">The trace store holding the keys.</param>
/// <param name="time">The clock (creation and revocation times, cache expiry).</param>
/// <param name="authenticationCacheLifetime">
/// How long a key that authenticated stays trusted without reading the store again (zero, the default, reads it every time).
/// A revoke through any <see cref="ApiKeyStore"/> over the same <paramref name="store"/> object takes effect at once; a revoke
/// made by another process sharing the database takes effect within this lifetime.
/// </param>
public sealed class ApiKeyStore(TraceStore store, TimeProvider time, TimeSpan authenticationCacheLifetime = default)
{
    private readonly ApiKeyCache _cache = ApiKeyCache.For(store);

    /// <summary>Every key starts with this, so that leaked keys are easy to scan for.</summary>
    public const string Marker = "lvk_";

    /// <summary>The longest a key name may be.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Creates a key. The returned secret is the only copy.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long or has control characters.</exception>
    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyRole role, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var secret = Marker + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new ApiKeyRecord(Guid.CreateVersion7(now), name, role, secret[..12], now, null);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(
            connection,
            "INSERT INTO api_keys (id, name, role, hash, prefix, created_at, revoked_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, NULL)",
            record.Id.ToString(), name, role.ToName(), Hash(secret), record.Prefix, now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new CreatedApiKey(record, secret);
    }

    /// <summary>Every key, oldest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY created_at, id");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The key with this id, or null.</summary>
    public async Task<ApiKeyRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE id = @p0", id.ToString());
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The keys with this name (names need not be unique).</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE name = @p0 ORDER BY created_at, id", name);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The live (not revoked) key a presented secret belongs to, or null for an unknown or revoked key.</summary>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(Marker, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }

        var hash = Hash(secret);
        var caching = authenticationCacheLifetime > TimeSpan.Zero;
        if (caching && _cache.Find(hash, time.GetUtcNow()) is { } cached)
        {
            return cached;
        }

        var generation = _cache.Generation;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(
            connection,
            "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE hash = @p0 AND revoked_at IS NULL",
            hash);
        var found = await ReadAsync(command, cancellationToken);
        if (found.Count == 0)
        {
            return null;
        }

        if (caching)
        {
            _cache.Add(hash, found[0], time.GetUtcNow() + authenticationCacheLifetime, generation);
        }

        return found[0];
    }

    /// <summary>Revokes a key; returns the revoked record, or null when there is no such key. Revoking twice keeps the first time.</summary>
    public async Task<ApiKeyRecord?> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            await using var command = Command(
                connection,
                "UPDATE api_keys SET revoked_at = @p1 WHERE id = @p0 AND revoked_at IS NULL",
                id.ToString(), time.GetUtcNow().ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // After the commit: a request that starts now reads the store and finds the key revoked.
        _cache.Invalidate();
        return await FindAsync(id, cancellationToken);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new ArgumentException($"a key name must be 1 to {MaxNameLength} printable characters, not '{name}'", nameof(name));
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DbCommand Command(DbConnection connection, string sql, params object[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<IReadOnlyList<ApiKeyRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ApiKeyRoleNames.TryParse(reader.GetString(2), out var role);
            keys.Add(new ApiKeyRecord(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                role,
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return keys;
    }
}
