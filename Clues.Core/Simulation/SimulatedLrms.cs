using Clues.Core.Daemon;
using Clues.Core.Lrms;
using Clues.Core.Model;

namespace Clues.Core.Simulation;

/// <summary>
/// The simulator's batch system (cluessim <c>LRMS_FIFO</c>), also a minimal reference <see cref="ILrmsPlugin"/>:
/// on every lifecycle call it ends finished jobs, then starts queued jobs in order, one task at a time on the first
/// machine that fits, with head-of-line blocking.
/// </summary>
public sealed class SimulatedLrms(SimulatedCluster cluster, EventLoop loop) : ILrmsPlugin
{
    private readonly Dictionary<string, SimJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<SimJob> _queue = [];
    private readonly List<SimJob> _running = [];

    /// <inheritdoc />
    public string Id => "LRMS-FIFO";

    /// <summary>Every job ever submitted, in submission order.</summary>
    public IEnumerable<SimJob> Jobs => _jobs.Values;

    /// <summary>Submits a job (cluessim <c>qsub</c>).</summary>
    public void Submit(SimJob job)
    {
        if (!_jobs.TryAdd(job.Name, job))
        {
            throw new InvalidOperationException($"job {job.Name} already in the queue");
        }
        job.Queued = true;
        _queue.Add(job);
        loop.AddMarker($"job {job.Name} to be scheduled", 1);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<NodeInfo>(cluster.Nodes.Count);
        foreach (var node in cluster.Nodes)
        {
            var state = node.State switch
            {
                SimNodeState.On => node.Cores != node.TotalCores || node.Memory != node.TotalMemory ? NodeState.Used : NodeState.Idle,
                _ => NodeState.Off,
            };
            nodes.Add(new NodeInfo(node.Name, node.TotalCores, node.Cores, node.TotalMemory, node.Memory, state: state));
        }
        return Task.FromResult<IReadOnlyList<NodeInfo>>(nodes);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<JobInfo>();
        foreach (var job in _jobs.Values)
        {
            if (job.Finished is not null)
            {
                continue;
            }
            jobs.Add(new JobInfo(new Resources(job.Cores, job.Memory, [], job.TaskCount), job.Name, [],
                job.Started is null ? RequestState.Pending : RequestState.Served));
        }
        return Task.FromResult<IReadOnlyList<JobInfo>>(jobs);
    }

    /// <inheritdoc />
    public Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        var now = loop.Now;
        foreach (var job in _running.ToList())
        {
            if (now - job.Started > job.Seconds)
            {
                job.Finished = now;
                foreach (var name in job.Nodes)
                {
                    var node = cluster.Find(name)!;
                    node.Cores += job.Cores;
                    node.Memory += job.Memory;
                }
                _running.Remove(job);
            }
        }
        foreach (var job in _queue.ToList())
        {
            if (!TryPlace(job, out var placement))
            {
                break; // head-of-line blocking, as cluessim
            }
            foreach (var node in placement)
            {
                node.Cores -= job.Cores;
                node.Memory -= job.Memory;
                job.Nodes.Add(node.Name);
            }
            _queue.Remove(job);
            _running.Add(job);
            job.Started = now;
            loop.AddMarker($"job {job.Name} finished", job.Seconds);
        }
        return Task.FromResult(true);
    }

    // First fit task by task, as cluessim, in one walk over the machines: a task goes to the first machine that still
    // fits one, and a machine that cannot take a task cannot take a later one, so each machine is filled before the next.
    private bool TryPlace(SimJob job, out List<SimNode> placement)
    {
        placement = [];
        foreach (var node in cluster.Nodes)
        {
            if (node.State != SimNodeState.On)
            {
                continue;
            }
            for (var taken = 0; placement.Count < job.TaskCount
                && node.Cores - taken * job.Cores >= job.Cores && node.Memory - taken * job.Memory >= job.Memory; taken++)
            {
                placement.Add(node);
            }
            if (placement.Count == job.TaskCount)
            {
                return true;
            }
        }
        return job.TaskCount <= 0;
    }
}
