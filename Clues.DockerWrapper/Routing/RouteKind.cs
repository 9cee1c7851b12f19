namespace Clues.DockerWrapper.Routing;

/// <summary>What the wrapper does with a request.</summary>
internal enum RouteKind
{
    /// <summary>Forward to the engine untouched (everything not listed below).</summary>
    PassThrough,

    /// <summary><c>GET /jobs/num</c>: count of pending jobs (thesis contract).</summary>
    JobsCount,

    /// <summary><c>GET /jobs/list</c>: every job the wrapper knows.</summary>
    JobsList,

    /// <summary><c>GET /nodes/list</c>: Swarm nodes with resources and jobs.</summary>
    NodesList,

    /// <summary><c>GET /metrics</c>: the wrapper's connection counters, Prometheus text.</summary>
    Metrics,

    /// <summary><c>POST /containers/create</c>: captured as a job.</summary>
    CreateContainer,

    /// <summary><c>GET /containers/json</c>: engine's list plus the jobs it cannot show.</summary>
    ListContainers,

    /// <summary><c>/containers/{ref}[/{action}]</c>: a job if <c>ref</c> names one, else forwarded.</summary>
    Container,
}
