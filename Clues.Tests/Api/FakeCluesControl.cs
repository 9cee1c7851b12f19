using System.Collections.Concurrent;
using Clues.Core.Api;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Groups;
using Clues.Core.Model;

namespace Clues.Tests.Api;

/// <summary>
/// An in-memory <see cref="ICluesControl"/> answering with CLUES' messages: nodes and requests are set by the
/// test; requests listed in <see cref="Pending"/> stay queued until <see cref="Release"/>.
/// </summary>
internal sealed class FakeCluesControl : ICluesControl
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();
    private long _nextId = 1;

    public double Now { get; set; } = 100000;
    public List<NodeSnapshot> Nodes { get; } = [];
    public List<RequestSnapshot> Requests { get; } = [];
    public ConcurrentBag<(Resources Resources, string? JobId, IReadOnlyList<string> JobNodes)> Created { get; } = [];
    public ConcurrentBag<string> Calls { get; } = [];
    public HashSet<long> Pending { get; } = [];
    public List<NodeGroupStatus> Groups { get; } = [];
    public DryRunStatus DryRunStatus { get; set; } = DryRunStatus.Off;

    public bool DryRun => DryRunStatus.Enabled;

    public Task<DryRunStatus> GetDryRunAsync(CancellationToken cancellationToken) => Task.FromResult(DryRunStatus);

    public Task<IReadOnlyList<NodeGroupStatus>> GetGroupsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NodeGroupStatus>>(Groups.ToArray());

    public Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NodeSnapshot>>(Nodes.ToArray());

    public Task<IReadOnlyList<RequestSnapshot>> GetRequestsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RequestSnapshot>>(Requests.ToArray());

    public Task<ControlResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        Known(node, "poweron", new ControlResult(true, CluesMessages.PoweredOn(node)), new ControlResult(false, CluesMessages.PowerOnFailed(node)));

    public Task<ControlResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        Known(node, "poweroff", new ControlResult(true, CluesMessages.PoweredOff(node)), new ControlResult(false, CluesMessages.PowerOffFailed(node)));

    public Task<ControlResult> EnableNodeAsync(string node, bool enable, CancellationToken cancellationToken) =>
        Known(node, enable ? "enable" : "disable", new ControlResult(true, CluesMessages.Enabled(node, enable)),
            new ControlResult(false, CluesMessages.EnableFailed(node, enable, CluesMessages.NodeDoesNotExist(node))));

    public Task<ControlResult> ResetNodeStateAsync(string node, CancellationToken cancellationToken) =>
        Known(node, "reset", new ControlResult(true, CluesMessages.ResetToIdle(node)),
            new ControlResult(false, CluesMessages.ResetFailed(node, CluesMessages.ResetNotManaged)));

    public Task<long> CreateRequestAsync(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, CancellationToken cancellationToken)
    {
        Created.Add((resources, jobId, jobNodes));
        return Task.FromResult(Interlocked.Increment(ref _nextId) - 1);
    }

    public Task<bool> IsRequestPendingAsync(long requestId, CancellationToken cancellationToken)
    {
        lock (Pending)
        {
            return Task.FromResult(Pending.Contains(requestId));
        }
    }

    public async Task<bool> WaitRequestAsync(long requestId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Calls.Add($"wait {requestId} {timeout?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "forever"}");
        lock (Pending)
        {
            if (!Pending.Contains(requestId))
            {
                return true;
            }
        }
        var waiter = _waiters.GetOrAdd(requestId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var delay = timeout is { } t ? Task.Delay(t, cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken);
        var first = await Task.WhenAny(waiter.Task, delay).ConfigureAwait(false);
        if (first == waiter.Task)
        {
            return true;
        }
        await delay.ConfigureAwait(false); // throws when cancelled
        return false;
    }

    /// <summary>Takes a request out of the queue, waking its waiters.</summary>
    public void Release(long requestId)
    {
        lock (Pending)
        {
            Pending.Remove(requestId);
        }
        if (_waiters.TryRemove(requestId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private Task<ControlResult> Known(string node, string action, ControlResult ok, ControlResult failed)
    {
        Calls.Add($"{action} {node}");
        return Task.FromResult(Nodes.Any(n => n.Name == node) ? ok : failed);
    }

    /// <summary>The two nodes of spec §10's status example (plus keywords for descriptions).</summary>
    public static FakeCluesControl WithExampleNodes()
    {
        var control = new FakeCluesControl { Now = 100000 };
        control.Nodes.Add(new NodeSnapshot
        {
            Name = "wn02", SlotsCount = 2, SlotsFree = 1, MemoryTotal = 2048, MemoryFree = 1024, State = NodeState.Used,
            Enabled = true, TimestampState = 100000 - 3661, Id = 2,
            Keywords = new Dictionary<string, KeywordValue> { ["hostname"] = KeywordValue.FromString("wn02") },
        });
        control.Nodes.Add(new NodeSnapshot
        {
            Name = "wn01", SlotsCount = 2, SlotsFree = 2, MemoryTotal = -1, MemoryFree = -1, State = NodeState.Off,
            Enabled = false, TimestampState = 100000 - 3661, Id = 1,
        });
        return control;
    }
}
