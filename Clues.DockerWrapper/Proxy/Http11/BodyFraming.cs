namespace Clues.DockerWrapper.Proxy.Http11;

/// <summary>How an HTTP/1.1 message body is delimited (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    /// <summary>No body (HEAD, 204, 304, or a request without length).</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Chunked transfer coding, ending with a zero-size chunk and trailers.</summary>
    Chunked,

    /// <summary>Everything until the sender closes (a response without length).</summary>
    UntilClose,

    /// <summary>101 Switching Protocols: the connection becomes a raw duplex byte stream.</summary>
    Upgrade,
}
