using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Leviathan.Server.Runs;

/// <summary>An opaque paging cursor: the creation time and id of the last item (run or job) of a page.</summary>
internal static class RunCursor
{
    /// <summary>
    /// Reads a list's <c>cursor</c> and <c>limit</c>: where the page starts (null for the first page) and its size
    /// (<paramref name="defaultSize"/> when no limit is given). A bad value is added to <paramref name="errors"/> under its field.
    /// </summary>
    public static ((DateTimeOffset CreatedAt, Guid Id)? Before, int Size) ReadPage(
        string? cursor, int? limit, int defaultSize, int maxSize, Dictionary<string, string[]> errors)
    {
        (DateTimeOffset, Guid)? before = null;
        if (cursor is not null)
        {
            if (TryDecode(cursor, out var position))
            {
                before = position;
            }
            else
            {
                errors["cursor"] = ["is not a cursor this server gave out; pass next_cursor from the previous page unchanged"];
            }
        }

        var size = limit ?? defaultSize;
        if (size < 1 || size > maxSize)
        {
            errors["limit"] = [$"must be from 1 to {maxSize}, not {size}"];
        }

        return (before, size);
    }

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
