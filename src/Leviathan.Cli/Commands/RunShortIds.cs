using Leviathan.Core.Runs;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary>
/// Short run ids for tables: the first 8 characters, longer only where another run in the store starts the same way
/// (run ids are time-ordered UUIDs, so runs created within about a minute share their first 8 characters). Every short
/// id shown is a unique prefix that <c>runs show</c> and the other commands accept.
/// </summary>
internal static class RunShortIds
{
    public const int Length = 8;

    public static async Task<Dictionary<Guid, string>> ForAsync(TraceStore store, IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken)
    {
        var ids = runs.Select(r => r.Id.ToString()).ToList();
        var result = new Dictionary<Guid, string>(runs.Count);
        foreach (var run in runs)
        {
            var id = run.Id.ToString();
            var length = Length;
            // Among the runs listed first (no query), then against the whole store.
            while (length < id.Length && ids.Count(other => other != id && other.StartsWith(id[..length], StringComparison.Ordinal)) > 0)
            {
                length++;
            }

            while (length < id.Length && (await store.FindRunsByPrefixAsync(id[..length], 2, cancellationToken).ConfigureAwait(false)).Count > 1)
            {
                length++;
            }

            // A prefix never ends on the dash that follows the 8th character.
            if (id[length - 1] == '-')
            {
                length++;
            }

            result[run.Id] = id[..length];
        }

        return result;
    }
}
