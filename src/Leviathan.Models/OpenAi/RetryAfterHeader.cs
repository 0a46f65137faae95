using System.Globalization;

namespace Leviathan.Models.OpenAi;

/// <summary>Reads how long a server asks us to wait: <c>retry-after-ms</c> (OpenAI), or <c>Retry-After</c> in seconds or as an HTTP date.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Parse(string? retryAfter, string? retryAfterMilliseconds, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMilliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
