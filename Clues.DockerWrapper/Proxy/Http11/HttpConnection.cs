using System.Net.Security;
using System.Net.Sockets;

namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>
/// One side of a proxied exchange: a socket, the stream over it (plain or TLS) and a read buffer that keeps
/// bytes read past the end of a message head for the body or the hijacked stream.
/// </summary>
internal sealed class HttpConnection : IAsyncDisposable
{
    /// <summary>Size of the read buffer and of each copy step.</summary>
    /// <remarks>64 KiB: large enough that a 100 MB log stream costs few system calls, small per connection.</remarks>
    public const int BufferSize = 64 * 1024;

    private const int MaxHeadSize = 64 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    public HttpConnection(Socket socket, Stream stream)
    {
        Socket = socket;
        Stream = stream;
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    /// <summary>Reads one message head; null on a clean end of stream before any byte.</summary>
    /// <exception cref="InvalidDataException">The head is malformed or too large.</exception>
    public async Task<HttpHead?> ReadHeadAsync(CancellationToken ct)
    {
        // Offsets are relative to _start because FillAsync may move the buffered bytes.
        var scanned = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf("\r\n\r\n"u8);
            if (index >= 0)
            {
                var length = scanned + index + 4;
                var raw = _buffer.AsSpan(_start, length).ToArray();
                _start += length;
                return HttpHead.Parse(raw) ?? throw new InvalidDataException("malformed HTTP/1.1 message head");
            }
            scanned = Math.Max(0, _end - _start - 3);
            if (_end - _start >= MaxHeadSize)
            {
                throw new InvalidDataException("HTTP message head larger than 64 KiB");
            }
            if (await FillAsync(ct) == 0)
            {
                if (_end == _start)
                {
                    return null;
                }
                throw new InvalidDataException("connection closed in the middle of a message head");
            }
        }
    }

    /// <summary>Reads body bytes (buffered ones first); 0 at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct)
    {
        if (_end > _start)
        {
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }
        return await Stream.ReadAsync(destination, ct);
    }

    /// <summary>Copies exactly <paramref name="length"/> body bytes to <paramref name="destination"/>.</summary>
    public async Task CopyExactAsync(Stream destination, long length, CancellationToken ct)
    {
        while (length > 0)
        {
            if (_end == _start && await FillAsync(ct) == 0)
            {
                throw new EndOfStreamException($"connection closed with {length} body bytes missing");
            }
            var n = (int)Math.Min(length, _end - _start);
            await destination.WriteAsync(_buffer.AsMemory(_start, n), ct);
            _start += n;
            length -= n;
        }
    }

    /// <summary>
    /// Copies a chunked body, stopping after the last chunk and trailers (<see cref="ChunkedBodyScanner"/>): as it
    /// is, one write per read, flushing whenever no more input is buffered (so a streamed response such as
    /// <c>logs -f</c> reaches the client at once); or with <paramref name="decode"/> only the chunk payloads (for
    /// bodies the wrapper reads itself).
    /// </summary>
    public async Task CopyChunkedAsync(Stream destination, bool decode, CancellationToken ct)
    {
        var scanner = new ChunkedBodyScanner();
        var payload = decode ? new List<Range>() : null;
        while (true)
        {
            if (_end == _start)
            {
                await destination.FlushAsync(ct);
                if (await FillAsync(ct) == 0)
                {
                    throw new EndOfStreamException("connection closed inside a chunked body");
                }
            }
            payload?.Clear();
            var n = scanner.Scan(_buffer.AsSpan(_start, _end - _start), payload);
            if (payload is null)
            {
                await destination.WriteAsync(_buffer.AsMemory(_start, n), ct);
            }
            else
            {
                foreach (var range in payload)
                {
                    var (offset, length) = range.GetOffsetAndLength(n);
                    await destination.WriteAsync(_buffer.AsMemory(_start + offset, length), ct);
                }
            }
            _start += n;
            if (scanner.IsDone)
            {
                await destination.FlushAsync(ct);
                return;
            }
        }
    }

    /// <summary>Copies everything until the peer closes its side.</summary>
    public async Task CopyToEndAsync(Stream destination, CancellationToken ct)
    {
        while (true)
        {
            if (_end == _start && await FillAsync(ct) == 0)
            {
                return;
            }
            await destination.WriteAsync(_buffer.AsMemory(_start, _end - _start), ct);
            await destination.FlushAsync(ct);
            _start = _end;
        }
    }

    /// <summary>Copies a body with the given framing (not <see cref="BodyFraming.Upgrade"/>).</summary>
    public Task CopyBodyAsync(HttpHead head, BodyFraming framing, Stream destination, bool decode, CancellationToken ct) =>
        framing switch
        {
            BodyFraming.ContentLength => CopyExactAsync(destination, head.ContentLength() ?? 0, ct),
            BodyFraming.Chunked => CopyChunkedAsync(destination, decode, ct),
            BodyFraming.UntilClose => CopyToEndAsync(destination, ct),
            _ => Task.CompletedTask,
        };

    /// <summary>Reads a whole (small) body, decoding chunked transfer coding, never holding more than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The body is longer, whatever its framing (checked before reading when it is declared).</exception>
    public async Task<byte[]> ReadBodyAsync(HttpHead head, BodyFraming framing, long maxBytes, CancellationToken ct)
    {
        if (framing == BodyFraming.ContentLength && head.ContentLength() > maxBytes)
        {
            throw BoundedWriteStream.TooLarge(maxBytes);
        }
        using var memory = new MemoryStream();
        await CopyBodyAsync(head, framing, new BoundedWriteStream(memory, maxBytes), decode: true, ct);
        return memory.ToArray();
    }

    /// <summary>
    /// Reads and drops what the peer still sends, up to a bound, so that closing after an early error answer
    /// does not reset the connection before the peer has read that answer (a lingering close).
    /// </summary>
    public async Task DrainAsync(long maxBytes, CancellationToken ct)
    {
        _start = _end = 0;
        var drained = 0L;
        int n;
        while (drained < maxBytes && (n = await Stream.ReadAsync(_buffer, ct)) > 0)
        {
            drained += n;
        }
    }

    /// <summary>Signals end of output to the peer while still reading (TCP half-close; TLS close_notify first).</summary>
    public async Task ShutdownWriteAsync()
    {
        try
        {
            if (Stream is SslStream ssl)
            {
                await ssl.ShutdownAsync();
            }
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is already gone; nothing left to signal.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // Closing a connection the peer already reset.
        }
        Socket.Dispose();
    }

    /// <summary>Reads more bytes into the buffer, compacting it first; returns the count read.</summary>
    private async Task<int> FillAsync(CancellationToken ct)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var n = await Stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += n;
        return n;
    }
}
