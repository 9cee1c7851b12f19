using Clues.Core.Model;

namespace Clues.Core.Api;

/// <summary>
/// What remote clients (XML-RPC, JSON, the status page) may ask of the running daemon. Every mutation is
/// carried out inside the daemon's control loop, so callers on other threads are safe.
/// </summary>
public interface ICluesControl
{
    /// <summary>The daemon clock, in seconds (Unix time in real mode, seconds since start in the simulator).</summary>
    double Now { get; }

    /// <summary>Whether the daemon only decides and logs power actions, running none (<c>[general] DRY_RUN</c>).</summary>
    bool DryRun => false;

    /// <summary>What a dry run has decided and not run; <see cref="DryRunStatus.Off"/> when the daemon is not in dry run.</summary>
    Task<DryRunStatus> GetDryRunAsync(CancellationToken cancellationToken) => Task.FromResult(DryRunStatus.Off);

    /// <summary>A snapshot of every managed node, in the LRMS order.</summary>
    Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken);

    /// <summary>Each node group (<c>[group:NAME]</c>) with its nodes on and booting; empty when none is configured.</summary>
    Task<IReadOnlyList<Groups.NodeGroupStatus>> GetGroupsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Groups.NodeGroupStatus>>([]);

    /// <summary>A snapshot of every request in the queue, in arrival order.</summary>
    Task<IReadOnlyList<RequestSnapshot>> GetRequestsAsync(CancellationToken cancellationToken);

    /// <summary>Powers a node on even if it is disabled (the API's <c>poweron</c>).</summary>
    Task<ControlResult> PowerOnAsync(string node, CancellationToken cancellationToken);

    /// <summary>Powers a node off even if it is disabled (the API's <c>poweroff</c>).</summary>
    Task<ControlResult> PowerOffAsync(string node, CancellationToken cancellationToken);

    /// <summary>Enables or disables a node; persisted across restarts.</summary>
    Task<ControlResult> EnableNodeAsync(string node, bool enable, CancellationToken cancellationToken);

    /// <summary>Forces a node back to IDLE whatever its state.</summary>
    Task<ControlResult> ResetNodeStateAsync(string node, CancellationToken cancellationToken);

    /// <summary>Queues a request for resources; returns its id.</summary>
    Task<long> CreateRequestAsync(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, CancellationToken cancellationToken);

    /// <summary>True while the request is in the queue and not in a final state.</summary>
    Task<bool> IsRequestPendingAsync(long requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the request leaves the queue (or reaches a final state), at most <paramref name="timeout"/>
    /// (null = no limit). Returns true if it left, false on timeout. Never blocks other callers.
    /// </summary>
    Task<bool> WaitRequestAsync(long requestId, TimeSpan? timeout, CancellationToken cancellationToken);
}

/// <summary>The outcome of an API operation: success and the message CLUES prints.</summary>
/// <param name="Success">Whether it succeeded.</param>
/// <param name="Message">The message for the user (CLUES' exact wording).</param>
public sealed record ControlResult(bool Success, string Message);
