namespace Clues.DockerWrapper.Proxy;

/// <summary>The outcome of forwarding one request.</summary>
/// <param name="Error">Which leg failed, or <see cref="ProxyError.None"/>.</param>
/// <param name="ResponseStarted">True once any response byte reached the client (no error response is possible then).</param>
/// <param name="KeepAlive">True when the client connection may carry another request.</param>
/// <param name="Exception">The failure, for the log.</param>
internal readonly record struct ForwardResult(ProxyError Error, bool ResponseStarted, bool KeepAlive, Exception? Exception = null);
