namespace Clues.DockerWrapper.Jobs;

/// <summary>A create body the wrapper cannot turn into a job; the message goes to the client as a 400.</summary>
internal sealed class JobSpecException(string message, Exception? inner = null) : Exception(message, inner);
