namespace Clues.DockerWrapper.Dispatch;

/// <summary>A dispatch attempt failed; the job stays queued and is retried with backoff.</summary>
internal sealed class DispatchException(string message, Exception? inner = null) : Exception(message, inner);
