namespace Clues.DockerWrapper.Announce;

/// <summary>Tells CLUES that a job waits for resources (a CLUES request tied to the job's id).</summary>
public interface ICluesRequestClient
{
    /// <summary>Creates the request; returns CLUES' request id.</summary>
    /// <param name="cpus">CPUs the job needs (its one task).</param>
    /// <param name="memoryBytes">Memory the job needs, in bytes.</param>
    /// <param name="jobId">The wrapper's job id, which the LRMS plugin reports for the same job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Exception">CLUES could not be reached, refused the call or answered a fault.</exception>
    Task<long> RequestCreateAsync(double cpus, long memoryBytes, string jobId, CancellationToken cancellationToken);
}
