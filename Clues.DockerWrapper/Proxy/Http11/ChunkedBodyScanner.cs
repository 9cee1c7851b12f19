namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>
/// Finds the end of a chunked body in a byte stream without copying it piecewise, so a pass-through can
/// forward whatever it has read in one write. The engine flushes every log line as its own small chunk;
/// writing size line, data and CRLF separately cost three system calls per line (about 25 % of
/// <c>docker logs</c> throughput in the benchmark).
/// </summary>
internal sealed class ChunkedBodyScanner
{
    private enum State { Size, SizeExtension, Data, DataEnd, Trailer, Done }

    private State _state = State.Size;
    private long _size;
    private long _remaining;
    private bool _sizeSeen;
    private int _lineLength;

    /// <summary>True once the terminating chunk and trailers have been scanned.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>Scans bytes; returns how many belong to the body (less than the span only at its end).</summary>
    /// <exception cref="InvalidDataException">The chunk framing is malformed.</exception>
    public int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            switch (_state)
            {
                case State.Data:
                    var take = (int)Math.Min(_remaining, data.Length - i);
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }
                    continue;
                case State.Size:
                    var b = data[i++];
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        if (_size > (long.MaxValue >> 4))
                        {
                            throw new InvalidDataException("chunk size too large");
                        }
                        _size = (_size << 4) | (uint)digit;
                        _sizeSeen = true;
                    }
                    else if (b == '\n')
                    {
                        EndSizeLine();
                    }
                    else if (b is (byte)';' or (byte)' ' or (byte)'\t' or (byte)'\r')
                    {
                        _state = b == '\r' ? State.Size : State.SizeExtension;
                    }
                    else
                    {
                        throw new InvalidDataException("invalid chunk size");
                    }
                    continue;
                case State.SizeExtension:
                    if (data[i++] == '\n')
                    {
                        EndSizeLine();
                    }
                    continue;
                case State.DataEnd:
                    if (data[i++] == '\n')
                    {
                        _state = State.Size;
                    }
                    continue;
                case State.Trailer:
                    var c = data[i++];
                    if (c == '\n')
                    {
                        if (_lineLength == 0)
                        {
                            _state = State.Done;
                        }
                        _lineLength = 0;
                    }
                    else if (c != '\r')
                    {
                        _lineLength++;
                    }
                    continue;
            }
        }
        return i;
    }

    private void EndSizeLine()
    {
        if (!_sizeSeen)
        {
            throw new InvalidDataException("missing chunk size");
        }
        if (_size == 0)
        {
            _state = State.Trailer;
            _lineLength = 0;
        }
        else
        {
            _remaining = _size;
            _state = State.Data;
        }
        _size = 0;
        _sizeSeen = false;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
