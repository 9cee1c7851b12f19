namespace Clues.DockerWrapper.Proxy;

/// <summary>The engine could not be reached or answered garbage.</summary>
internal sealed class UpstreamException(string message, Exception? inner = null) : Exception(message, inner);
