namespace Leviathan.Agents.Loop;

/// <summary>
/// Watches an agent's turns for the ways a model gets stuck: the same action with the same observation again and again,
/// the same error over and over, turns with no action, an A-B-A-B alternation, and repeated context overflows.
/// </summary>
internal sealed class StuckDetector(int threshold)
{
    private readonly List<(string Action, string Observation)> _turns = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _overflows;

    /// <summary>Records one turn; returns what is being repeated when a stuck pattern is seen.</summary>
    public string? Record(string action, string observation, string? error)
    {
        _turns.Add((action, observation));
        if (action.Length == 0 && Last(threshold).All(t => t.Action.Length == 0) && _turns.Count >= threshold)
        {
            return $"{threshold} turns in a row without a tool call";
        }

        if (_turns.Count >= threshold && Last(threshold).All(t => t == _turns[^1]))
        {
            return $"the same action {threshold} times with the same result: {Shorten(action)}";
        }

        if (error is not null)
        {
            var count = _errors[error] = _errors.GetValueOrDefault(error) + 1;
            if (count >= threshold)
            {
                return $"the same error {count} times: {Shorten(error)}";
            }
        }

        if (_turns.Count >= 4)
        {
            var (a, b, c, d) = (_turns[^4], _turns[^3], _turns[^2], _turns[^1]);
            if (a == c && b == d && a != b)
            {
                return $"alternating between two actions without progress: {Shorten(a.Action)} and {Shorten(b.Action)}";
            }
        }

        return null;
    }

    /// <summary>Records that the context did not fit the model's window even after trimming.</summary>
    public string? RecordOverflow() =>
        ++_overflows >= threshold ? $"the conversation overflowed the model's context window {_overflows} times" : null;

    /// <summary>Forgets the history (after an intervention), so the model gets a fresh chance.</summary>
    public void Reset()
    {
        _turns.Clear();
        _errors.Clear();
        _overflows = 0;
    }

    private IEnumerable<(string Action, string Observation)> Last(int count) => _turns.Skip(Math.Max(0, _turns.Count - count));

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 160 ? line : line[..160] + "…";
    }
}
