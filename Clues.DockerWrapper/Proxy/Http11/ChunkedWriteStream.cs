namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>A write-only stream that frames every write as one HTTP chunk (the terminator is written separately).</summary>
internal sealed class ChunkedWriteStream(Stream inner) : WriteOnlyStream
{
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
        await ResponseWriter.WriteChunkAsync(inner, buffer, ct);

    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
}
