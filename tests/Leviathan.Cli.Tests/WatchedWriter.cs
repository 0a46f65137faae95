using System.Text;

namespace Leviathan.Cli.Tests;

/// <summary>
/// A text writer a test can watch while the command still runs: <see cref="WaitForAsync"/> completes once the text
/// written so far contains what the test waits for.
/// </summary>
public sealed class WatchedWriter : StringWriter
{
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiting = [];

    public override void Write(char value)
    {
        lock (_lock)
        {
            base.Write(value);
            Check();
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            base.Write(value);
            Check();
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            base.Write(buffer, index, count);
            Check();
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return base.ToString();
        }
    }

    /// <summary>Completes when <paramref name="text"/> has been written (at once if it already was).</summary>
    public Task WaitForAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiting.Add((text, seen));
            Check();
        }

        return seen.Task;
    }

    private void Check()
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        var written = GetStringBuilder().ToString();
        _waiting.RemoveAll(w => written.Contains(w.Text, StringComparison.Ordinal) && w.Seen.TrySetResult());
    }
}
