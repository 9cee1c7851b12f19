using Clues.Core.Api;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Model;

namespace Clues.Core.Daemon;

/// <summary>
/// The remote API's view of the daemon: every call is marshalled onto the control loop (FIX spec §14 Q18, Q30),
/// so API threads never touch daemon state and never block one another.
/// </summary>
public sealed class DaemonControl(CluesDaemon daemon, CluesClock clock) : ICluesControl
{
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public double Now => clock.Now;

    /// <inheritdoc />
    public bool DryRun => daemon.DryRun;

    /// <inheritdoc />
    public Task<DryRunStatus> GetDryRunAsync(CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.SnapshotDryRun()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.SnapshotNodes()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Groups.NodeGroupStatus>> GetGroupsAsync(CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.SnapshotGroups()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RequestSnapshot>> GetRequestsAsync(CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.SnapshotRequests()), cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        PowerAsync(node, ct => daemon.PowerOnAsync(node, force: true, ct), CluesMessages.PoweredOn, CluesMessages.PowerOnFailed, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        PowerAsync(node, ct => daemon.PowerOffAsync(node, force: true, ct), CluesMessages.PoweredOff, CluesMessages.PowerOffFailed, cancellationToken);

    // The action starts on the loop; its result is awaited here, so a slow command holds neither the loop nor other clients.
    private async Task<ControlResult> PowerAsync(string node, Func<CancellationToken, Task<(bool Success, string Node, string? Error)>> start,
        Func<string, string> succeeded, Func<string, string> failed, CancellationToken cancellationToken)
    {
        var action = await daemon.Loop.InvokeAsync(ct => ValueTask.FromResult(start(ct)), cancellationToken).ConfigureAwait(false);
        var (success, _, error) = await action.WaitAsync(cancellationToken).ConfigureAwait(false);
        // A dry run says what it would have done rather than CLUES' failure message.
        return new ControlResult(success, success ? succeeded(node) : DryRun && error is not null ? error : failed(node));
    }

    /// <inheritdoc />
    public Task<ControlResult> EnableNodeAsync(string node, bool enable, CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ =>
        {
            var (success, message) = daemon.EnableNode(node, enable);
            return ValueTask.FromResult(success
                ? new ControlResult(true, CluesMessages.Enabled(node, enable))
                : new ControlResult(false, CluesMessages.EnableFailed(node, enable, message)));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ControlResult> ResetNodeStateAsync(string node, CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ =>
        {
            var (success, message) = daemon.ResetNodeState(node);
            return ValueTask.FromResult(success ? new ControlResult(true, message) : new ControlResult(false, CluesMessages.ResetFailed(node, message)));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> CreateRequestAsync(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.CreateRequest(resources, jobId, jobNodes).Id), cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsRequestPendingAsync(long requestId, CancellationToken cancellationToken) =>
        daemon.Loop.InvokeAsync(_ => ValueTask.FromResult(daemon.IsRequestInQueue(requestId)), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> WaitRequestAsync(long requestId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout is { } t ? clock.TimeProvider.GetUtcNow() + t : DateTimeOffset.MaxValue;
        while (true)
        {
            if (!await IsRequestPendingAsync(requestId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
            if (clock.TimeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }
            await Task.Delay(WaitPollInterval, clock.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
