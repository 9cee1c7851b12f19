using System.Net;
using System.Net.Sockets;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Mesos.Api;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Mesos;

/// <summary>
/// <c>cluesplugins.mesos</c>: a Mesos cluster with Marathon and Chronos as CLUES' LRMS. The nodes are the agents of the
/// virtual-nodes file, with their load from the master when it lists them; the jobs are the master's frameworks,
/// Marathon's apps and Chronos' jobs.
/// </summary>
/// <remarks>
/// <para>Behaviour is CLUES' (spec clues-plugins §2.6) with these fixes: any source that fails (the master, Marathon or
/// Chronos: an error status, a timeout, a body that is not what was asked for) fails the whole report, where CLUES left
/// that source out and so reported every agent off or fewer pending jobs; the virtual-nodes file is read in both of
/// CLUES' forms; an agent from before Mesos 0.23 (no <c>used_resources</c>) is as busy as its running tasks; the tasks
/// are read page by page instead of the first 1,000; the jobs come in a stable order.</para>
/// <para>A power-off is refused while the master lists an active task on the agent, so no task is killed.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<MesosLrmsOptions>]
internal sealed partial class MesosLrmsPlugin : ILrmsPlugin, IDisposable
{
    public const string PluginName = "cluesplugins.mesos";

    /// <summary>How recent the node report's agents and tasks must be for the job report to use them instead of reading again.</summary>
    internal static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(1);

    private readonly MesosLrmsOptions _options;
    private readonly IMesosApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly IDisposable? _owned;
    // The virtual-nodes file problems last logged, so a broken entry is reported when it changes, not every pass.
    private HashSet<string> _fileProblems = new(StringComparer.Ordinal);
    private (DateTimeOffset At, IReadOnlyList<MesosAgent> Agents)? _lastAgents;
    private (DateTimeOffset At, IReadOnlyList<MesosTask> Tasks)? _lastTasks;

    /// <summary>Creates the plugin from <c>[MESOS]</c>.</summary>
    public MesosLrmsPlugin(CluesConfig config, ILogger<MesosLrmsPlugin> logger, TimeProvider timeProvider)
    {
        _options = MesosLrmsOptions.Read(config);
        config.ThrowIfErrors();
        var api = new MesosApiClient(_options);
        _owned = api;
        _api = api;
        _logger = logger;
        _time = timeProvider;
        _resolve = Dns.GetHostAddressesAsync;
    }

    /// <param name="resolve">Resolves a virtual node's name, to match an agent the master lists by address (CLUES' rule).</param>
    /// <param name="ownsApi">Whether disposing the plugin disposes <paramref name="api"/>.</param>
    internal MesosLrmsPlugin(MesosLrmsOptions options, IMesosApi api, ILogger logger, TimeProvider timeProvider,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, bool ownsApi = false)
    {
        _options = options;
        _api = api;
        _owned = ownsApi ? api as IDisposable : null;
        _logger = logger;
        _time = timeProvider;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <inheritdoc />
    public string Id => "MESOS_" + _options.Server;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var problems = new HashSet<string>(StringComparer.Ordinal);
        var vnodes = MesosVirtualNodes.Read(_options.VirtualNodesFile, _options, p => problems.Add(p));
        foreach (var problem in problems.Except(_fileProblems))
        {
            Log.VirtualNodesProblem(_logger, problem);
        }
        _fileProblems = problems;

        _lastAgents = null;
        _lastTasks = null;
        var agents = await _api.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        _lastAgents = (_time.GetUtcNow(), agents);
        var matched = await MatchAsync(vnodes, agents, cancellationToken).ConfigureAwait(false);

        Dictionary<string, (double Cpus, double Mem)>? taskUsage = null;
        if (matched.Values.Any(a => a.UsedResources is null))
        {
            var tasks = await _api.GetTasksAsync(cancellationToken).ConfigureAwait(false);
            _lastTasks = (_time.GetUtcNow(), tasks);
            taskUsage = MesosNodes.UsageByAgent(tasks);
        }
        return vnodes.Select(v => matched.TryGetValue(v.Name, out var agent)
            ? MesosNodes.ToNodeInfo(v, agent, taskUsage?.GetValueOrDefault(agent.Id ?? "") ?? default)
            : v).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        // Taken before the other reads, which can take a while: the node report's agents serve if they were just read.
        var recentAgents = Recent(_lastAgents);
        var recentTasks = Recent(_lastTasks);
        var frameworks = await _api.GetFrameworksAsync(cancellationToken).ConfigureAwait(false);
        var apps = await _api.GetMarathonAppsAsync(cancellationToken).ConfigureAwait(false);
        var chronosJobs = await _api.GetChronosJobsAsync(cancellationToken).ConfigureAwait(false);
        var agents = recentAgents ?? await _api.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var hostnames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in agents.Where(a => a.Id is not null && a.Hostname is not null))
        {
            hostnames.TryAdd(agent.Id!, agent.Hostname!);
        }

        var jobs = new List<JobInfo>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        void Add(JobInfo? job)
        {
            if (job is null)
            {
                return;
            }
            if (ids.Add(job.JobId))
            {
                jobs.Add(job);
            }
            else
            {
                Log.DuplicateJob(_logger, job.JobId);
            }
        }
        foreach (var framework in frameworks.Where(f => !string.IsNullOrEmpty(f.Id) && !MesosJobs.IsScheduler(f)))
        {
            Add(MesosJobs.FromFramework(framework, hostnames, await SparkAsync(framework, cancellationToken).ConfigureAwait(false)));
        }
        foreach (var app in apps)
        {
            Add(MesosJobs.FromMarathonApp(app));
        }
        if (chronosJobs.Count > 0)
        {
            var graph = await _api.GetChronosGraphAsync(cancellationToken).ConfigureAwait(false);
            var tasksByName = (recentTasks ?? await _api.GetTasksAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.Name is not null).ToLookup(t => t.Name!, StringComparer.Ordinal);
            foreach (var job in chronosJobs.Where(j => !string.IsNullOrEmpty(j.Name)))
            {
                var nodes = tasksByName[MesosJobs.ChronosTaskName(job.Name!)].Select(t => t.AgentId is null ? null : hostnames.GetValueOrDefault(t.AgentId)).OfType<string>();
                Add(MesosJobs.FromChronosJob(job, nodes, graph.StateOf(job.Name!)));
            }
        }
        _lastAgents = null;
        _lastTasks = null;
        return jobs;
    }

    /// <summary>Refuses the power-off while the master lists an active task on the node's agent (Mesos would lose it).</summary>
    public async Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken)
    {
        var agents = await _api.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var vnode = new NodeInfo(node, 0, 0, 0, 0);
        var matched = await MatchAsync([vnode], agents, cancellationToken).ConfigureAwait(false);
        if (!matched.TryGetValue(node, out var agent) || agent.Id is null)
        {
            return true; // the master does not know it: nothing can run there
        }
        var busy = (await _api.GetTasksAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.AgentId == agent.Id && MesosNodes.IsActive(t)).ToList();
        if (busy.Count == 0)
        {
            return true;
        }
        Log.PowerOffRefused(_logger, node, busy.Count, busy[0].Id ?? busy[0].Name ?? "?");
        return false;
    }

    /// <summary>
    /// The agent of each virtual node: the one whose hostname is the node's name or, as in CLUES, an address the name
    /// resolves to. An active agent wins over an inactive one for the same node (an agent that re-registered).
    /// </summary>
    private async Task<Dictionary<string, MesosAgent>> MatchAsync(List<NodeInfo> vnodes, IReadOnlyList<MesosAgent> agents, CancellationToken cancellationToken)
    {
        var names = vnodes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var matched = new Dictionary<string, MesosAgent>(StringComparer.Ordinal);
        // Names are resolved only when an agent is listed by an address that is no node's name, each once a pass.
        Dictionary<IPAddress, string>? byAddress = null;
        foreach (var agent in agents)
        {
            var hostname = agent.Hostname ?? "";
            string? node = names.Contains(hostname) ? hostname : null;
            if (node is null && IPAddress.TryParse(hostname, out var address))
            {
                byAddress ??= await ResolveAsync(vnodes, cancellationToken).ConfigureAwait(false);
                node = byAddress.GetValueOrDefault(address);
            }
            if (node is not null && (!matched.TryGetValue(node, out var earlier) || (!earlier.Active && agent.Active)))
            {
                matched[node] = agent;
            }
        }
        return matched;
    }

    private async Task<Dictionary<IPAddress, string>> ResolveAsync(List<NodeInfo> vnodes, CancellationToken cancellationToken)
    {
        var byAddress = new Dictionary<IPAddress, string>();
        foreach (var vnode in vnodes.Where(v => !IPAddress.TryParse(v.Name, out _)))
        {
            try
            {
                foreach (var address in await _resolve(vnode.Name, cancellationToken).ConfigureAwait(false))
                {
                    byAddress.TryAdd(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, vnode.Name);
                }
            }
            catch (SocketException ex)
            {
                Log.ResolveFailed(_logger, vnode.Name, ex.Message);
            }
        }
        return byAddress;
    }

    private async Task<(int Cpus, long Memory)> SparkAsync(MesosFramework framework, CancellationToken cancellationToken)
    {
        // CLUES asked any framework with a web UI, as if it were a Spark driver; a page without Spark's cells gives (0, 0).
        if (!Uri.TryCreate(framework.WebUiUrl, UriKind.Absolute, out var webUi) || webUi.Scheme is not ("http" or "https"))
        {
            return (0, 0);
        }
        try
        {
            return SparkEnvironment.Parse(await _api.GetSparkEnvironmentAsync(webUi, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or RestApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // As CLUES: the framework's own resources stand.
            Log.SparkFailed(_logger, framework.Id ?? "", webUi.ToString(), ex.Message);
            return (0, 0);
        }
    }


    private IReadOnlyList<T>? Recent<T>((DateTimeOffset At, IReadOnlyList<T> Items)? last) =>
        last is { } l && _time.GetUtcNow() - l.At <= ReuseWindow ? l.Items : null;

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Mesos virtual nodes: {Problem}")]
        public static partial void VirtualNodesProblem(ILogger logger, string problem);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "node {Node} is not powered off: the Mesos master lists {Count} active task(s) on it, such as {Task}")]
        public static partial void PowerOffRefused(ILogger logger, string node, int count, string task);

        // Debug: names outside DNS are common, and a warning every pass would bury the others.
        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "virtual node {Node} could not be resolved to match an agent listed by address: {Error}")]
        public static partial void ResolveFailed(ILogger logger, string node, string error);

        // Debug: most frameworks with a web UI are not Spark drivers (Chronos' UI has no such page), as in CLUES.
        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "framework {Framework}: the Spark web UI {WebUi} did not answer ({Error}); its Mesos resources are used")]
        public static partial void SparkFailed(ILogger logger, string framework, string webUi, string error);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "job {Job} is reported twice (a framework, a Marathon app or a Chronos job share the id); the first is kept")]
        public static partial void DuplicateJob(ILogger logger, string job);
    }
}
