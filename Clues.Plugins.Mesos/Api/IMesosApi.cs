namespace Clues.Plugins.Mesos.Api;

/// <summary>The reads the plugin makes from the Mesos master, Marathon and Chronos. Every failure throws.</summary>
internal interface IMesosApi
{
    /// <summary>The master's agents.</summary>
    Task<IReadOnlyList<MesosAgent>> GetAgentsAsync(CancellationToken cancellationToken);

    /// <summary>The master's frameworks, with their tasks.</summary>
    Task<IReadOnlyList<MesosFramework>> GetFrameworksAsync(CancellationToken cancellationToken);

    /// <summary>The master's tasks, every page.</summary>
    Task<IReadOnlyList<MesosTask>> GetTasksAsync(CancellationToken cancellationToken);

    /// <summary>Marathon's apps with their tasks; none when Marathon is not configured.</summary>
    Task<IReadOnlyList<MarathonApp>> GetMarathonAppsAsync(CancellationToken cancellationToken);

    /// <summary>Chronos' jobs; none when Chronos is not configured.</summary>
    Task<IReadOnlyList<ChronosJob>> GetChronosJobsAsync(CancellationToken cancellationToken);

    /// <summary>Chronos' job graph, with the jobs' states.</summary>
    Task<ChronosGraph> GetChronosGraphAsync(CancellationToken cancellationToken);

    /// <summary>A Spark driver's environment page (at most a bounded start of it).</summary>
    Task<string> GetSparkEnvironmentAsync(Uri webUi, CancellationToken cancellationToken);
}
