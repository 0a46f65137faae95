using System.Globalization;

namespace Leviathan.Tools.Contract;

/// <summary>
/// Keeps long tool output readable within a budget: the head and the tail survive (errors tend to be
/// at the end, context at the start) and the cut says how much was dropped.
/// </summary>
public static class OutputCap
{
    private const int MarkerReserve = 96;

    /// <summary>Returns <paramref name="text"/> unchanged if it fits, otherwise head + marker + tail within <paramref name="maxChars"/>.</summary>
    public static string Apply(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, MarkerReserve * 2);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var budget = maxChars - MarkerReserve;
        var headEnd = budget * 2 / 5;
        var tailStart = text.Length - (budget - headEnd);

        // Cut at line boundaries when one is near, so that no half lines are shown.
        var newlineBeforeHeadEnd = text.LastIndexOf('\n', headEnd - 1, headEnd);
        if (newlineBeforeHeadEnd >= headEnd / 2)
        {
            headEnd = newlineBeforeHeadEnd + 1;
        }

        var newlineAfterTailStart = text.IndexOf('\n', tailStart);
        if (newlineAfterTailStart >= 0 && newlineAfterTailStart + 1 < text.Length && newlineAfterTailStart - tailStart < (text.Length - tailStart) / 2)
        {
            tailStart = newlineAfterTailStart + 1;
        }

        var dropped = text.AsSpan(headEnd, tailStart - headEnd);
        var droppedLines = dropped.Count('\n');
        var marker = string.Create(
            CultureInfo.InvariantCulture,
            $"[... {dropped.Length:N0} characters ({droppedLines:N0} lines) cut from the middle ...]\n");
        var head = text[..headEnd];
        return string.Concat(head.EndsWith('\n') ? head : head + "\n", marker, text.AsSpan(tailStart));
    }
}
