using System.Buffers;
using System.Globalization;
using System.Text;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Drains a stream to its end while keeping only its head and tail, so that a command printing a
/// gigabyte costs a fixed amount of memory and never blocks on a full pipe. The memory is taken as the output comes:
/// most commands print a few lines, and two buffers of the full limit for each of them (2 MiB per command by default,
/// zeroed and collected again) cost more CPU than the command's own start when many commands run at once.
/// </summary>
internal sealed class OutputCapture
{
    private const int FirstHeadBytes = 4096;
    private const int ReadBytes = 64 * 1024;
    private readonly int _headLimit;
    private readonly int _tailLimit;
    private byte[] _head = [];
    private byte[] _tail = [];
    private int _headLength;
    private long _tailWritten;

    public OutputCapture(int maxBytes)
    {
        _headLimit = maxBytes / 2;
        _tailLimit = maxBytes - _headLimit;
    }

    /// <summary>Every byte read, kept or not.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Whether bytes were dropped between head and tail.</summary>
    public bool Truncated => TotalBytes > (long)_headLimit + _tailLimit;

    public async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ReadBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (_headLength < _headLimit)
        {
            var take = Math.Min(_headLimit - _headLength, data.Length);
            GrowHead(_headLength + take);
            data[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
            data = data[take..];
        }

        if (data.Length == 0 || _tailLimit == 0)
        {
            return;
        }

        if (_tail.Length == 0)
        {
            // Only output past the head needs the tail's ring, at its full size.
            _tail = new byte[_tailLimit];
        }

        if (data.Length >= _tail.Length)
        {
            data = data[^_tail.Length..];
        }

        // The tail is a ring: position = bytes written so far modulo its size.
        var position = (int)(_tailWritten % _tail.Length);
        var first = Math.Min(_tail.Length - position, data.Length);
        data[..first].CopyTo(_tail.AsSpan(position));
        data[first..].CopyTo(_tail);
        _tailWritten += data.Length;
    }

    /// <summary>Makes room for <paramref name="needed"/> bytes of head: doubled each time, never past the head's limit.</summary>
    private void GrowHead(int needed)
    {
        if (needed <= _head.Length)
        {
            return;
        }

        var size = Math.Min(_headLimit, Math.Max(needed, Math.Max(FirstHeadBytes, _head.Length * 2)));
        var grown = new byte[size];
        _head.AsSpan(0, _headLength).CopyTo(grown);
        _head = grown;
    }

    /// <summary>The kept text, with the cut marked by how many bytes were dropped.</summary>
    public string ToText()
    {
        var head = Encoding.UTF8.GetString(_head, 0, _headLength);
        if (_tailWritten == 0)
        {
            return head;
        }

        var tailLength = (int)Math.Min(_tailWritten, _tail.Length);
        var tailBytes = new byte[tailLength];
        var start = (int)(_tailWritten % _tail.Length);
        if (_tailWritten <= _tail.Length)
        {
            Array.Copy(_tail, tailBytes, tailLength);
        }
        else
        {
            Array.Copy(_tail, start, tailBytes, 0, _tail.Length - start);
            Array.Copy(_tail, 0, tailBytes, _tail.Length - start, start);
        }

        var tail = Encoding.UTF8.GetString(tailBytes);
        if (!Truncated)
        {
            return head + tail;
        }

        var dropped = TotalBytes - _headLength - tailLength;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{head}\n[... {dropped:N0} bytes of output dropped ({TotalBytes:N0} in all) ...]\n{tail}");
    }
}
