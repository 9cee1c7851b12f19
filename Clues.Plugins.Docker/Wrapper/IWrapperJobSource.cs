namespace Clues.Plugins.Docker.Wrapper;

/// <summary>Where the Docker LRMS plugin gets the docker-wrapper's jobs (a seam for tests).</summary>
internal interface IWrapperJobSource
{
    /// <summary>The wrapper's job list.</summary>
    /// <exception cref="Exception">The wrapper cannot be reached, answers an error or sends something else than a job list.</exception>
    Task<IReadOnlyList<WrapperJob>> GetJobsAsync(CancellationToken cancellationToken);
}
