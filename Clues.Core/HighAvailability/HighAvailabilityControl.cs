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
    private volatile Term? _term;

    /// <summary>True once this process's daemon runs (it is the active one).</summary>
    public bool IsServing => _term is not null;

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
        _term = new Term(new DaemonControl(daemon, clock), new CancellationTokenSource());
    }

    /// <summary>
    /// Stops routing the API to the daemon (this process stepped down, or is stopping). Calls still waiting for the
    /// daemon's loop, which runs no more, end with a <see cref="StandbyException"/> instead of waiting for ever.
    /// </summary>
    internal void Stop()
    {
        if (Interlocked.Exchange(ref _term, null) is { } term)
        {
            term.Ended.Cancel();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.GetNodesAsync(ct), cancellationToken);

    /// <inheritdoc />
    public bool DryRun => _term?.Daemon.DryRun ?? false;

    /// <inheritdoc />
    public Task<DryRunStatus> GetDryRunAsync(CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.GetDryRunAsync(ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Groups.NodeGroupStatus>> GetGroupsAsync(CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.GetGroupsAsync(ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RequestSnapshot>> GetRequestsAsync(CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.GetRequestsAsync(ct), cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.PowerOnAsync(node, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.PowerOffAsync(node, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> EnableNodeAsync(string node, bool enable, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.EnableNodeAsync(node, enable, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> ResetNodeStateAsync(string node, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.ResetNodeStateAsync(node, ct), cancellationToken);

    /// <inheritdoc />
    public Task<long> CreateRequestAsync(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.CreateRequestAsync(resources, jobId, jobNodes, ct), cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsRequestPendingAsync(long requestId, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.IsRequestPendingAsync(requestId, ct), cancellationToken);

    /// <inheritdoc />
    public Task<bool> WaitRequestAsync(long requestId, TimeSpan? timeout, CancellationToken cancellationToken) =>
        CallAsync((d, ct) => d.WaitRequestAsync(requestId, timeout, ct), cancellationToken);

    // A call reaches the daemon only while this process serves, and ends when its term does: the daemon's loop stops
    // before the API does, so a call caught in between (waiting for the loop, or cancelled with it) is refused (a 503
    // at the API) rather than failing or hanging. Only the caller's own cancellation stays a cancellation.
    private async Task<T> CallAsync<T>(Func<DaemonControl, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var term = _term ?? throw new StandbyException(Status.Describe());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, term.Ended.Token);
        try
        {
            return await call(term.Daemon, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StandbyException($"this clues-host stopped being the active one before the call was answered; {Status.Describe()}");
        }
    }

    private sealed record Term(DaemonControl Daemon, CancellationTokenSource Ended);
}

/// <summary>A call that only the active <c>clues-host</c> can answer reached a standby.</summary>
public sealed class StandbyException(string message) : InvalidOperationException(message);
