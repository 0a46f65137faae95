namespace Leviathan.Models.OpenAi;

/// <summary>Passes a server-sent-event stream through line by line, fixing <c>finish_reason</c> values the SDK rejects.</summary>
internal sealed class FinishReasonRewritingStream(Stream inner) : Stream
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private byte[] _pending = [];
    private int _pendingOffset;
    private bool _eof;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pendingOffset >= _pending.Length)
        {
            if (!await NextLineAsync(cancellationToken))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsMemory(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The SDK's async enumerators read asynchronously; the synchronous path exists for completeness.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _line.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _line.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Reads up to and including the next newline (or the rest at the end) into <see cref="_pending"/>.</summary>
    private async ValueTask<bool> NextLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    break;
                }

                _start = 0;
                _end = await inner.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    _eof = true;
                    break;
                }
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                _line.Write(_buffer, _start, newline - _start + 1);
                _start = newline + 1;
                break;
            }

            _line.Write(_buffer, _start, _end - _start);
            _start = _end;
        }

        if (_line.Length == 0)
        {
            return false;
        }

        var line = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        _pending = FinishReasonRewriter.RewriteLine(line) ?? line.ToArray();
        _pendingOffset = 0;
        return true;
    }
}
