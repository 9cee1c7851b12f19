namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>Passes writes through and counts the bytes.</summary>
internal sealed class CountingStream(Stream inner) : WriteOnlyStream
{
    public long Written { get; private set; }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await inner.WriteAsync(buffer, ct);
        Written += buffer.Length;
    }

    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
}
