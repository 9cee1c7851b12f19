namespace Clues.DockerWrapper.Proxy;

/// <summary>Which leg of a forwarded exchange failed; reported once by <see cref="DockerForwarder"/>'s caller.</summary>
internal enum ProxyError
{
    /// <summary>The exchange completed.</summary>
    None,

    /// <summary>No connection to the engine could be opened; the client gets a 502 and the job queue is untouched.</summary>
    UpstreamUnavailable,

    /// <summary>Sending the request head to the engine failed; the client gets a 502.</summary>
    UpstreamRequest,

    /// <summary>Copying the request body from the client to the engine failed.</summary>
    RequestBody,

    /// <summary>The engine closed or sent garbage before a response head; the client gets a 502.</summary>
    UpstreamResponse,

    /// <summary>Copying the response body to the client failed after the head was sent; the connection is closed.</summary>
    ResponseBody,

    /// <summary>A hijacked (upgraded) stream ended with an error in one direction.</summary>
    Upgrade,

    /// <summary>The wrapper is shutting down.</summary>
    Canceled,
}
