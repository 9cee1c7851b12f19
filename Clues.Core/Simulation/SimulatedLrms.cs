using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Lrms;
using Clues.Core.Model;

namespace Clues.Core.Simulation;

/// <summary>
/// The simulator's batch system (cluessim <c>LRMS_FIFO</c>), also a minimal reference <see cref="ILrmsPlugin"/>:
/// on every lifecycle call it ends finished jobs, then starts queued jobs in order, one task at a time on the first
/// machine that fits, with head-of-line blocking; with <see cref="SimulatedQueuePolicy.EasyBackfilling"/> later jobs
/// may then start around the blocked first one (see <see cref="EasyBackfill"/>).
/// </summary>
public sealed class SimulatedLrms(SimulatedCluster cluster, EventLoop loop, SimulatedQueuePolicy policy = SimulatedQueuePolicy.Fifo) : ILrmsPlugin
{
    private readonly Dictionary<string, SimJob> _jobs = new(StringComparer.Ordinal);
    // The jobs not finished, in submission order: the job report walks these, not every job ever submitted.
    private readonly List<SimJob> _live = [];
    private readonly List<SimJob> _queue = [];
    private readonly List<SimJob> _running = [];
    private readonly List<int> _placement = [];
    private MachineRoom[] _rooms = [];
    // The last node report and its entries (see GetNodesAsync).
    private NodeInfo[] _reported = [];
    private Task<IReadOnlyList<NodeInfo>>? _report;
    // The last job report, and each live job's entry in it: rebuilt only after a job was submitted, started or ended.
    private Task<IReadOnlyList<JobInfo>>? _jobReport;
    private readonly Dictionary<SimJob, JobInfo> _jobInfos = new(ReferenceEqualityComparer.Instance);
    private readonly EasyBackfill? _backfill = policy == SimulatedQueuePolicy.EasyBackfilling ? new EasyBackfill(cluster) : null;

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
        _live.Add(job);
        _jobReport = null;
        _queue.Add(job);
        _backfill?.Invalidate();
        loop.AddMarker($"job {job.Name} to be scheduled", 1);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A machine whose state and resources did not change since the previous report is reported with the same
    /// <see cref="NodeInfo"/>, and an unchanged cluster with the same report: the daemon only reads reports, and a
    /// fresh entry per machine per round was most of what a simulated round allocated.
    /// </remarks>
    public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var machines = cluster.Nodes;
        if (_report is null || _report.Result.Count != machines.Count)
        {
            _reported = new NodeInfo[machines.Count];
            _report = null;
        }
        var changed = _report is null;
        for (var i = 0; i < machines.Count; i++)
        {
            var node = machines[i];
            var state = node.State switch
            {
                SimNodeState.On => node.Cores != node.TotalCores || node.Memory != node.TotalMemory ? NodeState.Used : NodeState.Idle,
                _ => NodeState.Off,
            };
            if (_reported[i] is not { } last || last.State != state || last.SlotsFree != node.Cores || last.MemoryFree != node.Memory
                || !ReferenceEquals(last.Name, node.Name))
            {
                _reported[i] = new NodeInfo(node.Name, node.TotalCores, node.Cores, node.TotalMemory, node.Memory, state: state);
                changed = true;
            }
        }
        if (changed)
        {
            _report = Task.FromResult<IReadOnlyList<NodeInfo>>([.. _reported]);
        }
        return _report!;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Between changes the same report is returned, and a job is reported with the same <see cref="JobInfo"/> until
    /// it starts: with hundreds of jobs queued, a fresh entry per job per report was most of what a long queue allocated.
    /// </remarks>
    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        if (_jobReport is not null)
        {
            return _jobReport;
        }
        _live.RemoveAll(job =>
        {
            if (job.Finished is null)
            {
                return false;
            }
            _jobInfos.Remove(job);
            return true;
        });
        var jobs = new List<JobInfo>(_live.Count);
        foreach (var job in _live)
        {
            var state = job.Started is null ? RequestState.Pending : RequestState.Served;
            if (!_jobInfos.TryGetValue(job, out var info) || info.State != state)
            {
                _jobInfos[job] = info = new JobInfo(new Resources(job.Cores, job.Memory, [], job.TaskCount), job.Name, [], state);
            }
            jobs.Add(info);
        }
        _jobReport = Task.FromResult<IReadOnlyList<JobInfo>>(jobs);
        return _jobReport;
    }

    /// <inheritdoc />
    public Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        var now = loop.Now;
        EndFinishedJobs(now);
        while (_queue.Count > 0 && FitsNow(_queue[0]))
        {
            Start(_queue[0], _placement, now);
            _queue.RemoveAt(0); // head-of-line blocking, as cluessim
        }
        if (_backfill is not null && _queue.Count > 0)
        {
            foreach (var (job, placement) in _backfill.Choose(_queue, _running, now))
            {
                Start(job, placement, now);
                _queue.Remove(job);
            }
        }
        return Task.FromResult(true);
    }

    private bool FitsNow(SimJob job)
    {
        if (_rooms.Length != cluster.Nodes.Count)
        {
            _rooms = new MachineRoom[cluster.Nodes.Count];
        }
        SimulatedPlacement.FreeNow(cluster.Nodes, _rooms);
        return SimulatedPlacement.TryPlace(job, _rooms, _placement);
    }

    private void EndFinishedJobs(double now)
    {
        for (var i = 0; i < _running.Count; i++)
        {
            var job = _running[i];
            if (now - job.Started > job.Seconds)
            {
                job.Finished = now;
                _jobReport = null;
                foreach (var name in job.Nodes)
                {
                    var node = cluster.Find(name)!;
                    node.Cores += job.Cores;
                    node.Memory += job.Memory;
                }
                _backfill?.Invalidate();
            }
        }
        _running.RemoveAll(static job => job.Finished is not null);
    }

    private void Start(SimJob job, IReadOnlyList<int> placement, double now)
    {
        foreach (var index in placement)
        {
            var node = cluster.Nodes[index];
            node.Cores -= job.Cores;
            node.Memory -= job.Memory;
            job.Nodes.Add(node.Name);
        }
        _running.Add(job);
        job.Started = now;
        _jobReport = null;
        loop.AddMarker($"job {job.Name} finished", job.Seconds);
    }
}
