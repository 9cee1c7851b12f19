using Clues.Core.Config.Schema;
using Clues.DockerWrapper.Announce;
using Clues.DockerWrapper.Dispatch;

namespace Clues.DockerWrapper.Configuration;

/// <summary>Settings of the docker-wrapper process, from <c>[DOCKER_WRAPPER]</c>, the environment and the command line.</summary>
public sealed record WrapperOptions : IConfigSectionOwner
{
    /// <summary>The declared <c>[DOCKER_WRAPPER]</c> keys (checked by the wrapper and by <c>clues-host check</c>).</summary>
    public static ConfigSectionSchema ConfigSection => WrapperKeys.Schema;

    /// <summary>The default listening socket.</summary>
    public const string DefaultListen = "unix:///run/clues2/docker-wrapper.sock";

    /// <summary>
    /// Where the wrapper listens: <c>unix:///path</c> or <c>host:port</c>. Key <c>LISTEN</c>, default
    /// <see cref="DefaultListen"/>. A TCP address needs <see cref="ListenTls"/> or <see cref="InsecureTcp"/>.
    /// </summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>Who may use the unix socket: owner, group and mode (keys <c>LISTEN_OWNER</c>, <c>LISTEN_GROUP</c>, <c>LISTEN_MODE</c>).</summary>
    /// <remarks>Unset parts are copied from the engine's own socket, so the wrapper grants no more than the engine does.</remarks>
    public SocketAccess ListenAccess { get; init; } = new(null, null, null);

    /// <summary>TLS with client-certificate verification on a TCP listener (keys <c>LISTEN_TLS_*</c>, <c>--tlsverify --tlscacert --tlscert --tlskey</c>).</summary>
    public ListenTls? ListenTls { get; init; }

    /// <summary>Accept a TCP listener without TLS (key <c>INSECURE_TCP</c>, <c>--insecure-tcp</c>): anyone reaching the port gets the engine.</summary>
    public bool InsecureTcp { get; init; }

    /// <summary>How long a client may take to send a complete request head, idle time before it included. Key <c>HEADER_TIMEOUT</c>, default 30 s.</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most client connections open at once; more are refused with a 503. Key <c>MAX_CONNECTIONS</c>, default 256.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>The engine behind the wrapper. Key <c>DOCKER_HOST</c> (else env DOCKER_HOST), default unix:///var/run/docker.sock.</summary>
    public UpstreamEndpoint Upstream { get; init; } = new("/var/run/docker.sock", "", 0, false, null);

    /// <summary>The SQLite job database. Key <c>DB</c>, default /var/lib/clues2/docker-wrapper.db.</summary>
    public string DatabasePath { get; init; } = "/var/lib/clues2/docker-wrapper.db";

    /// <summary>How jobs are dispatched. Key <c>MODE</c> (auto|swarm|container), default auto.</summary>
    public DispatchMode Mode { get; init; } = DispatchMode.Auto;

    /// <summary>Queue order. Key <c>ORDER</c> (fifo|lifo), default fifo.</summary>
    public QueueOrder Order { get; init; } = QueueOrder.Fifo;

    /// <summary>Period of the dispatch loop. Key <c>PERIOD_DISPATCH</c> in seconds, default 1.</summary>
    public TimeSpan DispatchPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a failed dispatch, doubled each time. Key <c>RETRY_DELAY</c>, default 2 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retry delay. Key <c>MAX_RETRY_DELAY</c>, default 60 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long finished jobs stay listed (and their Swarm service kept). Key <c>KEEP_FINISHED</c>, default 3600 s.</summary>
    public TimeSpan KeepFinished { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Swarm mode: the placement constraints of every job's service, and of the wrapper's own "is there room" check.
    /// Key <c>PLACEMENT_CONSTRAINTS</c> (comma-separated, empty = none). Default <c>node.role==worker</c>, so jobs stay
    /// off the managers that CLUES does not count, unless <c>[DOCKER] INCLUDE_MANAGERS</c> is on (then none).
    /// </summary>
    internal IReadOnlyList<PlacementConstraint> PlacementConstraints { get; init; } = [WorkersOnly];

    /// <summary>The default constraint: jobs run on workers only.</summary>
    internal static readonly PlacementConstraint WorkersOnly = new("node.role", true, "worker");

    /// <summary>Container mode: most jobs running at once, 0 = no limit. Key <c>MAX_RUNNING</c>, default 0.</summary>
    public int MaxRunning { get; init; }

    /// <summary>Announcing jobs to CLUES (keys <c>CLUES_XMLRPC</c>, <c>CLUES_SECRET_TOKEN</c>, <c>CLUES_ANNOUNCE_TIMEOUT</c>).</summary>
    public AnnounceOptions Announce { get; init; } = AnnounceOptions.Disabled;
}
