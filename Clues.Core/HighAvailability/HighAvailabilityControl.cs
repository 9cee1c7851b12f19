using Clues.Core.Api;
using Clues.Core.Daemon;
using Clues.Core.Model;

namespace Clues.Core.HighAvailability;

/// <summary>
/// The API's view of a process of an active/standby pair: the daemon's control once this process is active, and
/// until then a refusal (the API server forwards a standby's calls to the active one before they get here).
/// </summary>
public sealed class HighAvailabilityControl(LeaderElection election, CluesClock clock) : ICluesControl
{
    private volatile DaemonControl? _daemon;

    /// <summary>True once this process's daemon runs (it is the active one).</summary>
    public bool IsServing => _daemon is not null;

    /// <summary>The running daemon's counters, null on a standby.</summary>
    public DaemonMetrics? Metrics { get; private set; }

    /// <summary>The election this process takes part in.</summary>
    public LeaderElection Election => election;

    /// <inheritdoc />
    public double Now => clock.Now;

    /// <summary>Which process acts, as this one sees it.</summary>
    public HighAvailabilityStatus Status =>
        new(IsServing && election.IsActive, election.Holder, election.Address, election.Lease, clock.Now);

    /// <summary>Routes the API to <paramref name="daemon"/> (this process took over and resumed it).</summary>
    internal void Serve(CluesDaemon daemon)
    {
        Metrics = daemon.Metrics;
        _daemon = new DaemonControl(daemon, clock);
    }

    /// <summary>Stops routing the API to the daemon (this process stepped down).</summary>
    internal void Stop() => _daemon = null;

    private DaemonControl Daemon => _daemon ?? throw new StandbyException(Status.Describe());

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken) => Daemon.GetNodesAsync(cancellationToken);

    /// <inheritdoc />
    public bool DryRun => _daemon?.DryRun ?? false;

    /// <inheritdoc />
    public Task<DryRunStatus> GetDryRunAsync(CancellationToken cancellationToken) => Daemon.GetDryRunAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Groups.NodeGroupStatus>> GetGroupsAsync(CancellationToken cancellationToken) => Daemon.GetGroupsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RequestSnapshot>> GetRequestsAsync(CancellationToken cancellationToken) => Daemon.GetRequestsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOnAsync(string node, CancellationToken cancellationToken) => Daemon.PowerOnAsync(node, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOffAsync(string node, CancellationToken cancellationToken) => Daemon.PowerOffAsync(node, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> EnableNodeAsync(string node, bool enable, CancellationToken cancellationToken) =>
        Daemon.EnableNodeAsync(node, enable, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> ResetNodeStateAsync(string node, CancellationToken cancellationToken) => Daemon.ResetNodeStateAsync(node, cancellationToken);

    /// <inheritdoc />
    public Task<long> CreateRequestAsync(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, CancellationToken cancellationToken) =>
        Daemon.CreateRequestAsync(resources, jobId, jobNodes, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsRequestPendingAsync(long requestId, CancellationToken cancellationToken) => Daemon.IsRequestPendingAsync(requestId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> WaitRequestAsync(long requestId, TimeSpan? timeout, CancellationToken cancellationToken) =>
        Daemon.WaitRequestAsync(requestId, timeout, cancellationToken);
}

/// <summary>A call that only the active <c>clues-host</c> can answer reached a standby.</summary>
public sealed class StandbyException(string message) : InvalidOperationException(message);
