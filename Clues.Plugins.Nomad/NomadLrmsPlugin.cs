using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Nomad.Api;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Nomad;

/// <summary>
/// <c>cluesplugins.nomad</c>: a HashiCorp Nomad cluster as CLUES' LRMS. The nodes are those of the virtual-nodes file,
/// with their size and load from the Nomad nodes and allocations when Nomad knows them; jobs are the task groups whose
/// node-class constraint names a queue.
/// </summary>
/// <remarks>
/// <para>Behaviour is CLUES' (spec clues-plugins §2.7) with these fixes: one agent is asked (CLUES asked every server
/// and listed each node and job once per server), a node's size comes from the server's node record (CLUES asked each
/// client agent), a failed request or an unreadable virtual-nodes file is a monitoring failure (CLUES reported an
/// empty or idle cluster), allocations of system jobs do not make a node busy, TLS is verified, the token "None" is no
/// token and NOMAD_HEADERS are sent.</para>
/// <para>Never kill a job: before a power-off the node is made ineligible, its allocations are looked at, and the
/// power-off is refused (eligibility given back) while one that is not a system job's is pending or running;
/// otherwise a drain marked as CLUES' is started. After a power-on only a drain CLUES marked is lifted, and one left
/// behind by a power-off that did not happen is lifted by the next monitoring pass.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<NomadLrmsOptions>]
internal sealed partial class NomadLrmsPlugin : ILrmsPlugin, IDisposable
{
    public const string PluginName = "cluesplugins.nomad";

    private readonly NomadLrmsOptions _options;
    private readonly INomadApi _api;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;
    private ICluesSystem? _system;
    // Node name -> Nomad node ID, from the last node report, for the power calls (which get a name).
    private Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    // Job details by namespace and ID, with the JobModifyIndex they were read at: a job is read again only once changed.
    private Dictionary<string, (ulong? Version, NomadJob? Job)> _jobs = new(StringComparer.Ordinal);
    // What was last logged, so a problem is reported when it changes, not every pass.
    private HashSet<string> _fileProblems = new(StringComparer.Ordinal);
    private HashSet<string> _unlisted = new(StringComparer.Ordinal);
    private HashSet<string> _queueless = new(StringComparer.Ordinal);
    private bool _noFile;

    /// <summary>Creates the plugin from <c>[NOMAD]</c>.</summary>
    public NomadLrmsPlugin(CluesConfig config, ILogger<NomadLrmsPlugin> logger)
    {
        _options = NomadLrmsOptions.Read(config);
        config.ThrowIfErrors();
        _logger = logger;
        // A certificate file that exists but is not PEM throws here, naming the file.
        var http = RestClientFactory.Create(_options.ToRestClientOptions());
        _owned = http;
        _api = new NomadApiClient(http, _options);
    }

    internal NomadLrmsPlugin(NomadLrmsOptions options, INomadApi api, ILogger logger)
    {
        _options = options;
        _api = api;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>KEEP: CLUES' id is <c>TOKEN_&lt;server&gt;</c> (sic).</remarks>
    public string Id => "TOKEN_" + _options.Server.OriginalString;

    /// <inheritdoc />
    public void Attach(ICluesSystem system) => _system = system;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var problems = new HashSet<string>(StringComparer.Ordinal);
        var lines = NomadVirtualNodes.Read(_options.VirtualNodesFile, _options, p => problems.Add(p));
        foreach (var problem in problems.Except(_fileProblems))
        {
            Log.VirtualNodesProblem(_logger, problem);
        }
        _fileProblems = problems;
        if ((lines is null) != _noFile)
        {
            _noFile = lines is null;
            if (_noFile)
            {
                Log.NoVirtualNodesFile(_logger, _options.VirtualNodesFile);
            }
        }

        var nodes = await _api.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var allocations = await _api.ListAllocationsAsync(cancellationToken).ConfigureAwait(false);
        var byNode = allocations.Where(a => a.NodeId is not null && NomadNodes.IsActive(a)).ToLookup(a => a.NodeId!, StringComparer.Ordinal);
        var live = OnePerName(nodes);
        var byName = lines?.ToDictionary(l => l.Name, StringComparer.Ordinal);

        var report = new List<NodeInfo>(Math.Max(live.Count, lines?.Count ?? 0));
        var unlisted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in live)
        {
            NomadVirtualNode line;
            if (byName is null)
            {
                line = NomadVirtualNodes.Default(node.Name!, _options);
            }
            else if (!byName.TryGetValue(node.Name!, out line!))
            {
                // KEEP: CLUES manages only the nodes of its file.
                unlisted.Add(node.Name!);
                continue;
            }
            report.Add(NomadNodes.ToNodeInfo(node, line, byNode[node.Id!].ToList(), _options));
            await LiftIfLeftBehindAsync(node, cancellationToken).ConfigureAwait(false);
        }
        var reported = report.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        report.AddRange((lines ?? []).Where(l => !reported.Contains(l.Name)).Select(NomadNodes.Virtual));

        if (unlisted.Count > 0 && !unlisted.SetEquals(_unlisted))
        {
            Log.NodesNotInFile(_logger, unlisted.Count, string.Join(", ", unlisted.Order(StringComparer.Ordinal).Take(10)), _options.VirtualNodesFile);
        }
        _unlisted = unlisted;
        _ids = live.ToDictionary(n => n.Name!, n => n.Id!, StringComparer.Ordinal);
        return report;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var stubs = await _api.ListJobsAsync(cancellationToken).ConfigureAwait(false);
        var details = new Dictionary<string, (ulong? Version, NomadJob? Job)>(StringComparer.Ordinal);
        var jobs = new List<JobInfo>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var queueless = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stub in stubs)
        {
            if (stub.Id is null)
            {
                throw new RestApiException("Nomad API: a job of the job list has no ID");
            }
            var key = NomadJobs.Key(stub);
            // A job whose modify index is unchanged has the same task groups: no need to read it again.
            if (!_jobs.TryGetValue(key, out var detail) || detail.Version is null || detail.Version != stub.JobModifyIndex)
            {
                detail = (stub.JobModifyIndex, await _api.GetJobAsync(stub.Id, stub.Namespace, cancellationToken).ConfigureAwait(false));
            }
            details[key] = detail;
            foreach (var job in NomadJobs.ToJobInfos(stub, detail.Job, _options, g => queueless.Add(g)))
            {
                if (ids.Add(job.JobId))
                {
                    jobs.Add(job);
                }
            }
        }
        _jobs = details;
        if (queueless.Except(_queueless).Any())
        {
            Log.GroupsWithoutQueue(_logger, queueless.Count, string.Join(", ", queueless.Order(StringComparer.Ordinal).Take(10)),
                NomadJobs.QueueConstraintTarget, string.Join(",", _options.Queues));
        }
        _queueless = queueless;
        return jobs;
    }

    /// <summary>
    /// Makes the node ineligible, then refuses the power-off (and gives eligibility back) while an allocation that is
    /// not a system job's is pending or running on it; otherwise drains it, marked as CLUES' drain.
    /// </summary>
    public async Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken)
    {
        if (await FindAsync(node, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return true; // not registered: nothing can run on it
        }
        var id = current.Id!;
        // An administrator's ineligibility or drain is left as it is, and not lifted after a power-on.
        var takeOutNow = current.SchedulingEligibility != "ineligible" && current.DrainStrategy is null && current.Drain != true;
        if (takeOutNow)
        {
            await _api.SetEligibilityAsync(id, eligible: false, cancellationToken).ConfigureAwait(false);
        }
        // Looked at once no new allocation can be placed, so none can slip in before the power-off.
        var blocking = (await _api.ListNodeAllocationsAsync(id, cancellationToken).ConfigureAwait(false))
            .Where(a => NomadNodes.IsActive(a) && !NomadNodes.IsSystem(a)).ToList();
        if (blocking.Count > 0)
        {
            Log.PowerOffRefused(_logger, node, blocking.Count, $"{blocking[0].JobId}/{blocking[0].TaskGroup}");
            if (takeOutNow)
            {
                await _api.SetEligibilityAsync(id, eligible: true, cancellationToken).ConfigureAwait(false);
            }
            return false;
        }
        if (takeOutNow)
        {
            await _api.SetDrainAsync(id, drain: true, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Lifts the drain CLUES set on the node. A failure is logged, not a failed power-on: monitoring retries it.</summary>
    public async Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            if (await FindAsync(node, cancellationToken).ConfigureAwait(false) is { } current && NomadNodes.IsDrainedByClues(current))
            {
                await _api.SetDrainAsync(current.Id!, drain: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or RestApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.LiftFailed(_logger, node, ex.Message);
        }
        return true;
    }

    /// <summary>The node's full record (the drain strategy is not in the list), by name; null when Nomad does not know it.</summary>
    private async Task<NomadNode?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            _ids = OnePerName(await _api.ListNodesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(n => n.Name!, n => n.Id!, StringComparer.Ordinal);
            if (!_ids.TryGetValue(name, out id))
            {
                return null;
            }
        }
        return await _api.GetNodeAsync(id, cancellationToken).ConfigureAwait(false) is { Id: not null } node ? node : null;
    }

    /// <summary>
    /// One node per name, in the API's order. A machine whose client state was wiped registers again under a new ID
    /// while the old record stays down: the record that is up wins, else the first.
    /// </summary>
    private List<NomadNode> OnePerName(IReadOnlyList<NomadNode> nodes)
    {
        var chosen = new Dictionary<string, NomadNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (string.IsNullOrEmpty(node.Id) || string.IsNullOrEmpty(node.Name))
            {
                throw new RestApiException("Nomad API: a node of the node list has no ID or Name");
            }
            if (!chosen.TryGetValue(node.Name, out var other) || (other.Status != _options.StateOn && node.Status == _options.StateOn))
            {
                chosen[node.Name] = node;
            }
        }
        return nodes.Where(n => chosen[n.Name!] == n).ToList();
    }

    /// <summary>
    /// A node CLUES drained that is up while the daemon no longer powers it off (the power-off failed or was refused,
    /// or it was started by hand) gets its drain lifted.
    /// </summary>
    private async Task LiftIfLeftBehindAsync(NomadNode node, CancellationToken cancellationToken)
    {
        if (_system is null || node.Status != _options.StateOn || !NomadNodes.IsDrainedByClues(node))
        {
            return;
        }
        var state = _system.GetNodes().FirstOrDefault(n => n.Name == node.Name)?.State;
        if (state is not (NodeState.Idle or NodeState.Used or NodeState.OnErr))
        {
            return;
        }
        try
        {
            await _api.SetDrainAsync(node.Id!, drain: false, cancellationToken).ConfigureAwait(false);
            Log.LeftBehindLifted(_logger, node.Name!, state.Value.ToDisplay());
        }
        catch (Exception ex) when (ex is HttpRequestException or RestApiException)
        {
            Log.LiftFailed(_logger, node.Name!, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Nomad virtual nodes: {Problem}")]
        public static partial void VirtualNodesProblem(ILogger logger, string problem);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "node {Node} is not powered off: {Count} allocation(s) would be lost, such as {Allocation}")]
        public static partial void PowerOffRefused(ILogger logger, string node, int count, string allocation);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "the drain of node {Node} could not be lifted: {Error}")]
        public static partial void LiftFailed(ILogger logger, string node, string error);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "node {Node} was left drained by a power-off that did not happen (now {State}); drain lifted")]
        public static partial void LeftBehindLifted(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Count} Nomad node(s) are not in {File} and are not managed: {Nodes}")]
        public static partial void NodesNotInFile(ILogger logger, int count, string nodes, string file);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information,
            Message = "{Count} task group(s) have no {Target} constraint naming a queue of NOMAD_QUEUES ({Queues}) and are not CLUES jobs: {Groups}")]
        public static partial void GroupsWithoutQueue(ILogger logger, int count, string groups, string target, string queues);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "the virtual-nodes file {File} does not exist: every Nomad node is managed, with the default size and queues")]
        public static partial void NoVirtualNodesFile(ILogger logger, string file);
    }
}
