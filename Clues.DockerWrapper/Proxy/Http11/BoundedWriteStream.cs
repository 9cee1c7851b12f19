namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>Passes writes through until a byte count is reached; the write that would pass it throws instead.</summary>
internal sealed class BoundedWriteStream(Stream inner, long maxBytes) : WriteOnlyStream
{
    private long _written;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    /// <exception cref="InvalidDataException">More than the limit in total.</exception>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (_written + buffer.Length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        _written += buffer.Length;
        return inner.WriteAsync(buffer, ct);
    }

    /// <summary>The error for a body over <paramref name="maxBytes"/>, the same however the body was framed.</summary>
    public static InvalidDataException TooLarge(long maxBytes) => new($"body larger than {maxBytes} bytes");

    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
}
