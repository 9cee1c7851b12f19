using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Docker.Machines;
using Clues.Plugins.Docker.Swarm;
using Clues.Plugins.Docker.Wrapper;
using Docker.DotNet.Models;
using Resources = Clues.Core.Model.Resources;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Docker;

/// <summary>
/// <c>cluesplugins.docker</c>: a Docker Swarm as CLUES' LRMS. Nodes and their load come from the Swarm manager;
/// jobs from the docker-wrapper's queue and from Swarm tasks that wait for resources.
/// </summary>
/// <remarks>
/// <para>Nodes: every worker (managers with <c>INCLUDE_MANAGERS</c>), named by hostname, in name order. Slots are
/// CPUs (<c>Description.Resources.NanoCPUs</c> / 1e9) unless <c>SLOTS_PER_HOST</c>/<c>CONTAINERS_PER_HOST</c> or
/// <c>NODE_SLOTS_&lt;node&gt;</c> say otherwise; memory is <c>MemoryBytes</c>. Free slots and memory are what the
/// reservations of the tasks active on the node leave (FIX spec docker §1.3: the thesis never decreased them). A node
/// is OFF when Swarm does not see it ready (or docker-machine does not show it Running), USED with an active task,
/// else IDLE. Keywords: <c>hostname</c> and <c>queues = ["default"]</c>.</para>
/// <para>Jobs: the wrapper's pending (PENDING) and attended (ATTENDED, with their node) jobs with their real CPUs
/// and memory, one task each (FIX: the thesis sent taskcount 0 and empty ids). Jobs the wrapper still lists after they
/// ended are DISSAPEARED (what CLUES makes of a job the LRMS stops reporting), so that the requests made for them can
/// show how they ended; every wrapper job carries its own state (<see cref="WrapperJobStates"/>). Pending Swarm tasks
/// that no node can take and that the wrapper did not create are PENDING jobs with their reservations.</para>
/// <para>An unreachable manager or wrapper throws (a monitoring failure, CLUES' grace applies); an empty list is
/// a real empty list (FIX: the thesis reported "no jobs" as a failure).</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<DockerLrmsOptions>]
internal sealed partial class DockerLrmsPlugin : ILrmsPlugin, IDisposable
{
    public const string PluginName = "cluesplugins.docker";
    public const string QueueName = "default";
    public const string QueueExpression = "\"default\" in queues";

    private readonly DockerLrmsOptions _options;
    private readonly ISwarmApi _swarm;
    private readonly IWrapperJobSource? _wrapper;
    private readonly IMachineStateSource? _machines;
    private readonly ILogger _logger;
    private readonly IDisposable[] _owned;
    // Why each node was last reported off, so the reason is logged when it changes rather than on every look.
    private readonly Dictionary<string, string> _offReasons = new(StringComparer.Ordinal);

    /// <summary>Creates the plugin from <c>[DOCKER]</c>.</summary>
    public DockerLrmsPlugin(CluesConfig config, ILogger<DockerLrmsPlugin> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = DockerLrmsOptions.Read(config);
        _logger = logger;
        var client = SwarmClientFactory.Create(_options.ManagerHost);
        HttpClient? http = null;
        _wrapper = _options.DockerServer is null ? null : WrapperJobClient.Create(_options.DockerServer, out http);
        _owned = http is null ? [client] : [client, http];
        _swarm = new DockerSwarmApi(client);
        _machines = _options.MachineListCommand.Length == 0
            ? null
            : new CommandMachineStateSource(new ShellCommandRunner(timeProvider), _options.MachineListCommand, _options.CommandTimeout);
    }

    internal DockerLrmsPlugin(DockerLrmsOptions options, ISwarmApi swarm, IWrapperJobSource? wrapper, IMachineStateSource? machines, ILogger logger)
    {
        _options = options;
        _swarm = swarm;
        _wrapper = wrapper;
        _machines = machines;
        _logger = logger;
        _owned = [];
    }

    /// <inheritdoc />
    public string Id => "DWRAPPER_" + (_options.DockerServer?.ToString().TrimEnd('/') ?? _options.ManagerHost);

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await _swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var tasks = await _swarm.ListTasksAsync(cancellationToken).ConfigureAwait(false);
        var machines = _machines is null ? null : await _machines.GetStatesAsync(cancellationToken).ConfigureAwait(false);

        var active = tasks.Where(SwarmTasks.IsActive).ToLookup(t => t.NodeID, StringComparer.Ordinal);
        var byName = new Dictionary<string, NodeListResponse>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var name = SwarmTasks.NameOf(node);
            if (name is null || (SwarmTasks.IsManager(node) && !_options.IncludeManagers))
            {
                continue;
            }
            // A machine that rejoined after its state was lost appears twice (the old entry stays down): keep the
            // ready one, else the newest.
            if (byName.TryGetValue(name, out var seen)
                && (SwarmTasks.IsReady(seen) || (!SwarmTasks.IsReady(node) && seen.UpdatedAt >= node.UpdatedAt)))
            {
                continue;
            }
            byName[name] = node;
        }

        return byName
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => ToNodeInfo(pair.Key, pair.Value, active[pair.Value.ID], machines))
            .ToList();
    }

    private NodeInfo ToNodeInfo(string name, NodeListResponse node, IEnumerable<TaskResponse> activeTasks, IReadOnlyDictionary<string, string>? machines)
    {
        var cpus = (node.Description?.Resources?.NanoCPUs ?? 0) / SwarmTasks.NanoCpusPerCpu;
        var slots = _options.SlotsOf(name, cpus);
        double memory = node.Description?.Resources?.MemoryBytes ?? 0;
        var running = activeTasks.ToList();

        var reason = OffReason(name, node, machines);
        var off = reason is not null;
        lock (_offReasons)
        {
            if (reason is null)
            {
                _offReasons.Remove(name);
            }
            else if (_offReasons.GetValueOrDefault(name) != reason)
            {
                _offReasons[name] = reason;
                Log.ReportedOff(_logger, name, reason);
            }
        }
        var state = off ? NodeState.Off : running.Count > 0 ? NodeState.Used : NodeState.Idle;
        // An off node offers its whole capacity once powered on: that is what the schedulers weigh.
        var slotsFree = off ? slots : Math.Max(0, slots - running.Sum(SwarmTasks.ReservedCpus));
        var memoryFree = off ? memory : Math.Max(0, memory - running.Sum(SwarmTasks.ReservedMemory));

        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
        {
            ["hostname"] = KeywordValue.FromString(name),
            ["queues"] = KeywordValue.FromList([KeywordValue.FromString(QueueName)]),
        };
        return new NodeInfo(name, slots, slotsFree, memory, memoryFree, keywords, state);
    }

    /// <summary>Why the node counts as off (its Swarm status, its machine state), or null when it is on.</summary>
    private static string? OffReason(string name, NodeListResponse node, IReadOnlyDictionary<string, string>? machines)
    {
        var swarmStatus = SwarmTasks.IsReady(node) ? null : $"Swarm status '{node.Status?.State ?? "unknown"}'";
        var machineState = machines is null ? MachineList.Running : machines.GetValueOrDefault(name);
        var machineStatus = machineState == MachineList.Running ? null
            : machineState is null ? "not in the machine list" : $"machine state '{machineState}'";
        return (swarmStatus, machineStatus) switch
        {
            (null, null) => null,
            (_, null) => swarmStatus,
            (null, _) => machineStatus + " (Swarm says ready)",
            _ => swarmStatus + ", " + machineStatus,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var wrapperJobs = _wrapper is null ? [] : await _wrapper.GetJobsAsync(cancellationToken).ConfigureAwait(false);
        var tasks = await _swarm.ListTasksAsync(cancellationToken).ConfigureAwait(false);

        var jobs = new List<JobInfo>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in wrapperJobs)
        {
            var state = job.Status switch
            {
                WrapperJobStatus.Pending => RequestState.Pending,
                WrapperJobStatus.Attended => RequestState.Attended,
                WrapperJobStatus.Finished or WrapperJobStatus.Failed or WrapperJobStatus.Cancelled => RequestState.Dissapeared,
                _ => Unexpected(job),
            };
            if (state is null)
            {
                continue;
            }
            if (!ids.Add(job.Id))
            {
                Log.DuplicateJob(_logger, job.Id);
                continue;
            }
            IReadOnlyList<string> nodes = state != RequestState.Pending && job.Node is not null ? [job.Node] : [];
            jobs.Add(new JobInfo(Needs(job.Cpus, job.MemoryBytes), job.Id, nodes, state.Value, WrapperJobStates.Describe(job)));
        }

        var wrapperServices = wrapperJobs.Select(j => j.Service).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var task in tasks.Where(SwarmTasks.IsUnschedulable))
        {
            if (task.ServiceID is not null && wrapperServices.Contains(task.ServiceID))
            {
                continue;
            }
            if (ids.Add(task.ID))
            {
                jobs.Add(new JobInfo(Needs(SwarmTasks.ReservedCpus(task), SwarmTasks.ReservedMemory(task)), task.ID, [], RequestState.Pending));
            }
        }
        return jobs;
    }

    private static Resources Needs(double cpus, double memory) => new(cpus, memory, [QueueExpression], taskCount: 1);

    private RequestState? Unexpected(WrapperJob job)
    {
        Log.UnknownStatus(_logger, job.Id, job.Status);
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "docker-wrapper job {JobId} has an unknown status '{Status}'; it is not reported")]
        public static partial void UnknownStatus(ILogger logger, string jobId, string status);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "docker-wrapper lists job {JobId} twice; the second entry is ignored")]
        public static partial void DuplicateJob(ILogger logger, string jobId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "node {Node} is reported off: {Reason}")]
        public static partial void ReportedOff(ILogger logger, string node, string reason);
    }
}
