using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Http;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Kubernetes.Api;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Kubernetes;

/// <summary>
/// <c>cluesplugins.kubernetes</c>: a Kubernetes cluster as CLUES' LRMS. Worker nodes and their load come from the
/// API server's nodes and pods, jobs are the pods, and the nodes of the virtual-nodes file that are not registered
/// are the ones that can be powered on.
/// </summary>
/// <remarks>
/// <para>Behaviour is CLUES' (spec clues-plugins §2.5) with these fixes: a failed node or pod list is a monitoring
/// failure (CLUES reported the virtual nodes alone, or every node idle); quantities follow the API's units; pods
/// that follow their node (DaemonSet, mirror pods) neither make a node busy nor count as jobs; TLS is verified.</para>
/// <para>Like the Cluster Autoscaler, a node is cordoned before it is powered off and the power-off is refused while
/// a pod other than a DaemonSet's or a mirror pod runs on it; a node is uncordoned once powered on. Only cordons CLUES
/// made (marked with an annotation) are undone, and one left behind by a power-off that failed is undone by the next
/// monitoring pass.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<KubernetesLrmsOptions>]
internal sealed partial class KubernetesLrmsPlugin : ILrmsPlugin, IDisposable
{
    public const string PluginName = "cluesplugins.kubernetes";

    private readonly KubernetesLrmsOptions _options;
    private readonly IKubernetesApi _api;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;
    private ICluesSystem? _system;
    // The virtual-nodes file problems last logged, so a broken file is reported when it changes, not every pass.
    private HashSet<string> _fileProblems = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    // The pods the node report just read, for the job report of the same loop step (CLUES read them twice).
    private (DateTimeOffset At, IReadOnlyList<KubePod> Pods)? _lastPods;

    /// <summary>How recent the node report's pod list must be for the job report to use it instead of reading again.</summary>
    internal static readonly TimeSpan PodReuseWindow = TimeSpan.FromSeconds(1);

    /// <summary>Creates the plugin from <c>[KUBERNETES]</c>.</summary>
    public KubernetesLrmsPlugin(CluesConfig config, ILogger<KubernetesLrmsPlugin> logger, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _options = KubernetesLrmsOptions.Read(config);
        config.ThrowIfErrors();
        _logger = logger;
        // A certificate file that exists but is not PEM throws here, naming the file.
        var http = RestClientFactory.Create(_options.ToRestClientOptions());
        _owned = http;
        _api = new KubernetesApiClient(http, _options.Server.OriginalString, _options.NodesPath, _options.PodsPath, _options.PageSize);
    }

    internal KubernetesLrmsPlugin(KubernetesLrmsOptions options, IKubernetesApi api, ILogger logger, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _options = options;
        _api = api;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Id => "KUBERNETES_" + _options.Server.OriginalString;

    /// <inheritdoc />
    public void Attach(ICluesSystem system) => _system = system;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await _api.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        _lastPods = null;
        var pods = await _api.ListPodsAsync(null, cancellationToken).ConfigureAwait(false);
        _lastPods = (_time.GetUtcNow(), pods);
        var podsByNode = pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)).ToLookup(p => p.Spec!.NodeName!, StringComparer.Ordinal);

        var report = new List<NodeInfo>(nodes.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (KubernetesNodes.IsControlPlane(node))
            {
                continue;
            }
            var info = KubernetesNodes.ToNodeInfo(node, podsByNode[node.Metadata!.Name!].ToList());
            if (!names.Add(info.Name))
            {
                throw new RestApiException($"Kubernetes API: node {info.Name} is listed twice");
            }
            report.Add(info);
            await UncordonIfLeftBehindAsync(node, cancellationToken).ConfigureAwait(false);
        }

        var problems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var virtualNode in VirtualNodesFile.Read(_options.VirtualNodesFile, _options, p => problems.Add(p)))
        {
            if (names.Add(virtualNode.Name))
            {
                report.Add(virtualNode);
            }
        }
        foreach (var problem in problems.Except(_fileProblems))
        {
            Log.VirtualNodesProblem(_logger, problem);
        }
        _fileProblems = problems;
        return report;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        // When both reports are due in the same loop step, one pod list serves both: half the bytes, one snapshot.
        var pods = _lastPods is { } last && _time.GetUtcNow() - last.At <= PodReuseWindow
            ? last.Pods
            : await _api.ListPodsAsync(null, cancellationToken).ConfigureAwait(false);
        _lastPods = null;
        var jobs = new List<JobInfo>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(KubernetesJobs.IsJob))
        {
            if (KubernetesJobs.ToJobInfo(pod) is { } job && ids.Add(job.JobId))
            {
                jobs.Add(job);
            }
        }
        return jobs;
    }

    /// <summary>Cordons the node, then refuses the power-off (and uncordons) while a pod that would be lost runs on it.</summary>
    public async Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken)
    {
        var current = await _api.GetNodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return true; // not registered: nothing can land on it
        }
        var cordonedNow = current.Spec?.Unschedulable != true;
        if (cordonedNow)
        {
            await _api.SetCordonAsync(node, cordon: true, cancellationToken).ConfigureAwait(false);
        }
        // Listed after the cordon, so no pod can be placed between the look and the power-off.
        var blocking = (await _api.ListPodsAsync(node, cancellationToken).ConfigureAwait(false)).Where(PodRoles.BlocksPowerOff).ToList();
        if (blocking.Count == 0)
        {
            return true;
        }
        Log.PowerOffRefused(_logger, node, blocking.Count, $"{blocking[0].Metadata?.Namespace}/{blocking[0].Metadata?.Name}");
        if (cordonedNow)
        {
            await _api.SetCordonAsync(node, cordon: false, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>Uncordons a node CLUES cordoned. A failure is logged, not a failed power-on: monitoring retries it.</summary>
    public async Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            if (await _api.GetNodeAsync(node, cancellationToken).ConfigureAwait(false) is { } current && KubernetesNodes.IsCordonedByClues(current))
            {
                await _api.SetCordonAsync(node, cordon: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or RestApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.UncordonFailed(_logger, node, ex.Message);
        }
        return true;
    }

    /// <summary>
    /// A node CLUES cordoned that is up while the daemon no longer powers it off (the power-off failed or was refused,
    /// or it was started by hand) gets its cordon back off.
    /// </summary>
    private async Task UncordonIfLeftBehindAsync(KubeNode node, CancellationToken cancellationToken)
    {
        if (_system is null || !KubernetesNodes.IsCordonedByClues(node) || !KubernetesNodes.IsReady(node))
        {
            return;
        }
        var name = node.Metadata!.Name!;
        var state = _system.GetNodes().FirstOrDefault(n => n.Name == name)?.State;
        if (state is not (NodeState.Idle or NodeState.Used or NodeState.OnErr))
        {
            return;
        }
        try
        {
            await _api.SetCordonAsync(name, cordon: false, cancellationToken).ConfigureAwait(false);
            Log.LeftBehindUncordoned(_logger, name, state.Value.ToDisplay());
        }
        catch (Exception ex) when (ex is HttpRequestException or RestApiException)
        {
            Log.UncordonFailed(_logger, name, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Kubernetes virtual nodes: {Problem}")]
        public static partial void VirtualNodesProblem(ILogger logger, string problem);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "node {Node} is not powered off: {Count} pod(s) would be lost, such as {Pod}")]
        public static partial void PowerOffRefused(ILogger logger, string node, int count, string pod);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "node {Node} could not be uncordoned: {Error}")]
        public static partial void UncordonFailed(ILogger logger, string node, string error);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "node {Node} was left cordoned by a power-off that did not happen (now {State}); uncordoned")]
        public static partial void LeftBehindUncordoned(ILogger logger, string node, string state);
    }
}
