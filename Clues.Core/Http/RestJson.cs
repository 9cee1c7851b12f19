using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Clues.Core.Http;

/// <summary>
/// Reads a REST backend's JSON answer into a source-generated type, bounded in size, and turns anything that is not
/// the expected document (truncated, wrong types, nested too deep, too large) into a <see cref="RestApiException"/>
/// naming the request.
/// </summary>
public static class RestJson
{
    /// <summary>The default bound of one response body: far above a page of any list a plugin asks for.</summary>
    public const long DefaultMaxBytes = 256L << 20;

    /// <summary>Reads <paramref name="response"/>'s body as <typeparamref name="T"/>.</summary>
    /// <param name="response">A success response (see <see cref="RestApiException.ThrowIfFailedAsync"/>).</param>
    /// <param name="typeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <param name="what">What the body should be, for the message (for example "Nomad API: a node list").</param>
    /// <param name="maxBytes">The most bytes read before the answer is refused.</param>
    /// <param name="cancellationToken">Ends the read.</param>
    /// <exception cref="RestApiException">The body is not a <typeparamref name="T"/>, is <c>null</c> or is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string what, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var request = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(request, what, maxBytes);
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var bounded = new BoundedReadStream(body, maxBytes);
            return await JsonSerializer.DeserializeAsync(bounded, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the body is 'null'");
        }
        catch (JsonException ex)
        {
            throw new RestApiException($"{request} did not send {what}: {ex.Message}", ex);
        }
        catch (BodyTooLargeException)
        {
            throw TooLarge(request, what, maxBytes);
        }
    }

    private static RestApiException TooLarge(string request, string what, long maxBytes) =>
        new($"{request} sent more than {maxBytes / 1048576.0:0.#} MiB for {what}; refused");

    private sealed class BodyTooLargeException : IOException;

    /// <summary>Reads through to <c>inner</c> and fails once more than <c>maxBytes</c> were read.</summary>
    private sealed class BoundedReadStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > maxBytes ? throw new BodyTooLargeException() : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
