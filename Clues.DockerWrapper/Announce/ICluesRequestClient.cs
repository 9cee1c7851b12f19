namespace Clues.DockerWrapper.Announce;

/// <summary>Tells CLUES that a job waits for resources (a CLUES request tied to the job's id).</summary>
internal interface ICluesRequestClient
{
    /// <summary>Creates the request; returns CLUES' request id.</summary>
    /// <exception cref="Exception">CLUES could not be reached, refused the call or answered a fault.</exception>
    Task<long> RequestCreateAsync(double cpus, long memoryBytes, string jobId, CancellationToken cancellationToken);
}
