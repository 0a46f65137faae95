using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Leviathan.Server.Runs;

/// <summary>An opaque paging cursor: the creation time and id of the last run of a page.</summary>
internal static class RunCursor
{
    public static string Encode(DateTimeOffset createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{createdAt.ToUnixTimeMilliseconds()}:{id}")));

    public static bool TryDecode(string cursor, out (DateTimeOffset CreatedAt, Guid Id) position)
    {
        position = default;
        if (cursor.Length is 0 or > 128)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                || !Guid.TryParseExact(text.AsSpan(colon + 1), "D", out var id))
            {
                return false;
            }

            position = (DateTimeOffset.FromUnixTimeMilliseconds(ms), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
