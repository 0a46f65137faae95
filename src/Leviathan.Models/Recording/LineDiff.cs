using System.Text;

namespace Leviathan.Models.Recording;

/// <summary>A line diff (longest common subsequence) showing changed lines with a little context.</summary>
internal static class LineDiff
{
    private const int MaxLines = 4000;

    public static string Format(string expected, string actual, int context = 2, int maxOutputLines = 80)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            return $"(requests too large to diff: {a.Length} and {b.Length} lines)";
        }

        // lcs[i, j] = length of the LCS of a[i..] and b[j..]
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char Op, string Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x]));
                x++;
            }
            else
            {
                ops.Add(('+', b[y]));
                y++;
            }
        }

        var show = new bool[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Op != ' ')
            {
                for (var k = Math.Max(0, i - context); k <= Math.Min(ops.Count - 1, i + context); k++)
                {
                    show[k] = true;
                }
            }
        }

        var output = new StringBuilder();
        var written = 0;
        var gap = false;
        for (var i = 0; i < ops.Count; i++)
        {
            if (!show[i])
            {
                gap = true;
                continue;
            }

            if (gap && written > 0)
            {
                output.Append("  ...\n");
            }

            gap = false;
            if (written++ >= maxOutputLines)
            {
                output.Append("  ... (diff shortened)\n");
                break;
            }

            output.Append(ops[i].Op).Append(' ').Append(ops[i].Line.TrimEnd('\r')).Append('\n');
        }

        return output.ToString().TrimEnd('\n');
    }
}
