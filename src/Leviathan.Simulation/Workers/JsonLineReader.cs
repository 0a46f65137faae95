namespace Leviathan.Simulation.Workers;

/// <summary>
/// Reads newline-terminated lines of UTF-8 JSON from a stream as bytes, so the worker protocol's messages go to
/// System.Text.Json without being decoded to a string and encoded back (a response carries every trajectory sample;
/// a request the whole MJCF text). One line is valid until the next read.
/// </summary>
internal sealed class JsonLineReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    /// <summary>The next line without its newline, or null at the end of the stream (a last unterminated line counts).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(out var line))
            {
                return line;
            }

            Compact();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return TakeRest();
            }

            _end += read;
        }
    }

    /// <summary>As <see cref="ReadLineAsync"/>, blocking (the worker's own request loop).</summary>
    public ReadOnlyMemory<byte>? ReadLine()
    {
        while (true)
        {
            if (TryTake(out var line))
            {
                return line;
            }

            Compact();
            var read = stream.Read(_buffer.AsSpan(_end));
            if (read == 0)
            {
                return TakeRest();
            }

            _end += read;
        }
    }

    private bool TryTake(out ReadOnlyMemory<byte> line)
    {
        var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = default;
            return false;
        }

        var length = newline > 0 && _buffer[_start + newline - 1] == (byte)'\r' ? newline - 1 : newline;
        line = _buffer.AsMemory(_start, length);
        _start += newline + 1;
        return true;
    }

    private ReadOnlyMemory<byte>? TakeRest()
    {
        if (_start == _end)
        {
            return null;
        }

        var rest = _buffer.AsMemory(_start, _end - _start);
        _start = _end;
        return rest;
    }

    /// <summary>Moves the unread bytes to the front and makes room for more (doubling when a line fills the buffer).</summary>
    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
