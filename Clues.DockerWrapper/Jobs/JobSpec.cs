namespace Clues.DockerWrapper.Jobs;

/// <summary>What the wrapper reads from a <c>POST /containers/create</c> body.</summary>
internal sealed record JobSpec(string Image, double Cpus, long MemoryBytes, bool Tty, bool InteractiveStdin);
