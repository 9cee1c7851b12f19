using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.OpenNebula.Api;
using Clues.Plugins.OpenNebula.VirtualCluster;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.OpenNebula;

/// <summary>
/// <c>cluesplugins.one</c> as power manager: a virtual cluster whose nodes are OpenNebula VMs. Powering a node on
/// creates a VM from the template text with the node's name and IP filled in; powering it off shuts the VM down
/// (spec plugins §2.12).
/// </summary>
/// <remarks>
/// <para>Each node has a fixed IP (the hosts file), and a VM is matched to a node by its IPs. The VMs are tracked:
/// every <c>GUESS_VMS_TIME</c> the VM list is scanned and running VMs with a known IP are adopted (VMs started by
/// hand), tracked VMs OpenNebula no longer lists are forgotten after <c>FORGET_MISSING_VMS</c>, and a tracked VM
/// whose node CLUES has seen off for <c>DROP_FAILING_VMS</c> is shut down (it booted but never joined the LRMS).</para>
/// <para>FIX: a hosts file that cannot be read fails each action with the reason (CLUES exited the daemon), an
/// unavailable VM list fails the power-off (CLUES raised), and OpenNebula 5's action names are used with it.</para>
/// </remarks>
[CluesPlugin(OneLrmsPlugin.PluginName)]
[ConfigSection<OneVirtualClusterOptions>]
internal partial class OneVirtualClusterPowerManager : IPowerManager, IDisposable
{
    private readonly TimeProvider _time;
    private readonly IDisposable? _http;
    private readonly Dictionary<string, TrackedVm> _vms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedWithoutVm = new(StringComparer.Ordinal);
    private VirtualClusterHosts? _hosts;
    private ICluesSystem? _system;
    private double _lastGuess = double.NegativeInfinity;

    /// <summary>Creates the power manager from <c>[ONE VIRTUAL CLUSTER]</c>.</summary>
    public OneVirtualClusterPowerManager(CluesConfig config, ILogger<OneVirtualClusterPowerManager> logger, TimeProvider timeProvider)
        : this(config, logger, timeProvider, needsTemplate: true)
    {
    }

    /// <summary>Reads <c>[ONE VIRTUAL CLUSTER]</c> for this class or a subclass.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="logger">The logger of the concrete plugin.</param>
    /// <param name="timeProvider">The clock of the timers and call timeouts.</param>
    /// <param name="needsTemplate">Whether <c>ONE_VIRTUAL_CLUSTER_TEMPLATE</c> must be set (it is what a VM is created from).</param>
    protected OneVirtualClusterPowerManager(CluesConfig config, ILogger logger, TimeProvider timeProvider, bool needsTemplate)
    {
        ArgumentNullException.ThrowIfNull(config);
        Options = OneVirtualClusterOptions.Read(config);
        if (needsTemplate && string.IsNullOrWhiteSpace(Options.Template))
        {
            var key = OneVirtualClusterOptions.Prefix + "_TEMPLATE";
            config.AddError(new ConfigError(config.Find(OneVirtualClusterOptions.Section, key)?.File, OneVirtualClusterOptions.Section, key, "",
                "the OpenNebula template of a worker VM (cluesplugins.one creates each VM from it; cluesplugins.onetemplate uses a registered one)"));
        }
        config.ThrowIfErrors();
        Logger = logger;
        _time = timeProvider;
        var http = OneHttp.Create(Options.Connection);
        _http = http;
        One = new OneClient(http, Options.Connection, timeProvider);
    }

    internal OneVirtualClusterPowerManager(OneVirtualClusterOptions options, OneClient one, ILogger logger, TimeProvider timeProvider)
    {
        Options = options;
        One = one;
        Logger = logger;
        _time = timeProvider;
    }

    protected OneVirtualClusterOptions Options { get; }

    protected OneClient One { get; }

    protected ILogger Logger { get; }

    /// <summary>The VMs tracked now, by node (for tests and diagnostics).</summary>
    internal IReadOnlyDictionary<string, TrackedVm> TrackedVms => _vms;

    /// <summary>Whether a node that already has a tracked VM is refused (one) or powered on anyway (onetemplate).</summary>
    protected virtual bool RefuseNodeWithVm => true;

    private double Now => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    /// <inheritdoc />
    public void Attach(ICluesSystem system) => _system = system;

    /// <inheritdoc />
    public async Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        var (hosts, problem) = await HostsAsync(cancellationToken).ConfigureAwait(false);
        if (hosts is null)
        {
            return PowerResult.Failed(node, problem!);
        }
        if (hosts.IpOf(node) is not { } ip)
        {
            return PowerResult.Failed(node, $"{node} is not in the virtual cluster's hosts file {hosts.Path}, so it has no IP");
        }
        if (_vms.GetValueOrDefault(node) is { } existing)
        {
            if (RefuseNodeWithVm)
            {
                return PowerResult.Failed(node, $"VM {existing.VmId} with IP {existing.Ip} is believed to be {node} already");
            }
            Log.NodeHasVm(Logger, node, existing.VmId);
        }
        OneVm created;
        try
        {
            var id = await CreateVmAsync(node, ip, cancellationToken).ConfigureAwait(false);
            created = await One.GetVmAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (OneApiException ex)
        {
            return PowerResult.Failed(node, "could not create the VM: " + ex.Message);
        }
        foreach (var address in created.Ips)
        {
            if (hosts.NodeOf(address) is { } name)
            {
                // What OpenNebula just gave is real; a guessed or older entry for that node is replaced.
                _vms[name] = new TrackedVm(created.Id, name, address, Now);
                Log.VmCreated(Logger, created.Id, name, address);
                return PowerResult.Ok(name);
            }
        }
        // KEEP: the VM exists and may still join; CLUES reports the node asked for.
        Log.VmWithUnknownIps(Logger, created.Id, string.Join(", ", created.Ips), hosts.Path);
        return PowerResult.Ok(node);
    }

    /// <inheritdoc />
    public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        StopAsync(node, OneVmAction.Shutdown, cancellationToken);

    /// <summary>
    /// CLUES' <c>recover</c>: deletes the node's VM at once. Returns whether the node can be taken as off.
    /// </summary>
    public async Task<bool> RecoverAsync(string node, CancellationToken cancellationToken) =>
        (await StopAsync(node, OneVmAction.Delete, cancellationToken).ConfigureAwait(false)).Success;

    /// <inheritdoc />
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        await GuessVmsAsync(cancellationToken).ConfigureAwait(false);
        if (_system is null)
        {
            return true;
        }
        var now = Now;
        var drop = new List<string>();
        foreach (var node in _system.GetNodes().Where(n => n.Enabled))
        {
            var vm = _vms.GetValueOrDefault(node.Name);
            if (node.State is NodeState.Off or NodeState.OffErr)
            {
                _warnedWithoutVm.Remove(node.Name);
                if (Options.DropFailingVms > 0 && vm is not null
                    && now - vm.Recovered > Options.DropFailingVms && now - vm.Monitored > Options.DropFailingVms)
                {
                    vm.Recovered = now;
                    drop.Add(node.Name);
                }
            }
            else if (vm is not null)
            {
                vm.Monitored = now;
            }
            else if (_warnedWithoutVm.Add(node.Name))
            {
                // CLUES warned on every pass; once per episode says the same.
                Log.NodeWithoutVm(Logger, node.Name, node.State.ToDisplay());
            }
        }
        foreach (var node in drop)
        {
            Log.DroppingVm(Logger, node, _vms[node].VmId, Options.DropFailingVms);
            // KEEP: a plain shutdown, as CLUES' lifecycle does (recover deletes).
            var result = await PowerOffAsync(node, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                Log.DropFailed(Logger, node, result.Error);
            }
        }
        return true;
    }

    /// <summary>Creates the VM for <paramref name="node"/> and returns its id.</summary>
    protected virtual Task<long> CreateVmAsync(string node, string ip, CancellationToken cancellationToken) =>
        One.AllocateVmAsync(CommandTemplate.Substitute(Options.Template, node, ip), cancellationToken);

    /// <summary>
    /// Scans the VM list at most every <c>GUESS_VMS_TIME</c>: running VMs with a known IP are adopted, tracked VMs
    /// not listed for <c>FORGET_MISSING_VMS</c> are forgotten. A failed scan changes nothing.
    /// </summary>
    private async Task GuessVmsAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        if (now - _lastGuess < Options.GuessVmsTime)
        {
            return;
        }
        _lastGuess = now;
        var (hosts, problem) = await HostsAsync(cancellationToken).ConfigureAwait(false);
        if (hosts is null)
        {
            Log.ScanSkipped(Logger, problem!);
            return;
        }
        IReadOnlyList<OneVm> vms;
        try
        {
            vms = await One.GetVmsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OneApiException ex)
        {
            Log.ScanSkipped(Logger, ex.Message);
            return;
        }
        foreach (var vm in vms.Where(v => v.State is OneVmState.Active or OneVmState.Pending or OneVmState.Init))
        {
            foreach (var ip in vm.Ips)
            {
                if (hosts.NodeOf(ip) is not { } name)
                {
                    continue;
                }
                if (!_vms.TryGetValue(name, out var tracked))
                {
                    tracked = new TrackedVm(vm.Id, name, ip, now);
                    _vms[name] = tracked;
                    Log.VmGuessed(Logger, vm.Id, name);
                }
                tracked.Seen = now;
            }
        }
        foreach (var vm in _vms.Values.Where(v => now - v.Seen > Options.ForgetMissingVms).ToList())
        {
            _vms.Remove(vm.Node);
            Log.VmForgotten(Logger, vm.VmId, vm.Node);
        }
    }

    private async Task<PowerResult> StopAsync(string node, OneVmAction action, CancellationToken cancellationToken)
    {
        var (hosts, problem) = await HostsAsync(cancellationToken).ConfigureAwait(false);
        if (hosts is null)
        {
            return PowerResult.Failed(node, problem!);
        }
        if (hosts.IpOf(node) is not { } ip)
        {
            return PowerResult.Failed(node, $"{node} is not in the virtual cluster's hosts file {hosts.Path}, so it has no IP");
        }
        try
        {
            var vms = await One.GetVmsAsync(cancellationToken).ConfigureAwait(false);
            var holding = vms.Where(v => v.Ips.Contains(ip, StringComparer.Ordinal)).ToList();
            var tracked = _vms.GetValueOrDefault(node);
            // The tracked VM if it is listed; else, as CLUES, the first VM with the node's IP.
            var vm = holding.FirstOrDefault(v => v.Id == tracked?.VmId) ?? holding.FirstOrDefault();
            if (vm is null)
            {
                return PowerResult.Failed(node, $"no VM OpenNebula lists has {node}'s IP {ip}");
            }
            await One.VmActionAsync(action, vm.Id, cancellationToken).ConfigureAwait(false);
            if (tracked is null)
            {
                // Tracked so that the guess and forget timers follow it until it is gone.
                _vms[node] = new TrackedVm(vm.Id, node, ip, Now);
            }
            Log.VmStopped(Logger, vm.Id, node, action.ToString().ToLowerInvariant());
            return PowerResult.Ok(node);
        }
        catch (OneApiException ex)
        {
            return PowerResult.Failed(node, $"could not stop {node}'s VM: {ex.Message}");
        }
    }

    private async Task<(VirtualClusterHosts? Hosts, string? Problem)> HostsAsync(CancellationToken cancellationToken)
    {
        if (_hosts is not null)
        {
            return (_hosts, null);
        }
        try
        {
            _hosts = await VirtualClusterHosts.LoadAsync(Options.HostsFile, cancellationToken).ConfigureAwait(false);
            foreach (var line in _hosts.MalformedLines)
            {
                Log.MalformedHostsLine(Logger, _hosts.Path, line);
            }
            return (_hosts, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"the virtual cluster's hosts file {Options.HostsFile} ([{OneVirtualClusterOptions.Section}] {OneVirtualClusterOptions.Prefix}_HOSTS_FILE) cannot be read: {ex.Message}"));
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "OpenNebula VM {VmId} created for node {Node} (IP {Ip})")]
        public static partial void VmCreated(ILogger logger, long vmId, string node, string ip);

        [LoggerMessage(Level = LogLevel.Error, Message = "OpenNebula VM {VmId} got IPs {Ips}, none of which is in {HostsFile}: it cannot be matched to a node")]
        public static partial void VmWithUnknownIps(ILogger logger, long vmId, string ips, string hostsFile);

        [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} already has VM {VmId}; creating another one (OpenNebula may give it another IP)")]
        public static partial void NodeHasVm(ILogger logger, string node, long vmId);

        [LoggerMessage(Level = LogLevel.Information, Message = "OpenNebula VM {VmId} is running with the IP of node {Node}: tracking it as that node")]
        public static partial void VmGuessed(ILogger logger, long vmId, string node);

        [LoggerMessage(Level = LogLevel.Debug, Message = "OpenNebula no longer lists VM {VmId} of node {Node}: forgetting it")]
        public static partial void VmForgotten(ILogger logger, long vmId, string node);

        [LoggerMessage(Level = LogLevel.Warning, Message = "the VM list was not scanned: {Reason}")]
        public static partial void ScanSkipped(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} is {State} but no VM of these OpenNebula credentials has its IP (started by another user?)")]
        public static partial void NodeWithoutVm(ILogger logger, string node, string state);

        [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} has had VM {VmId} running while CLUES sees it off for over {Seconds} s: shutting the VM down")]
        public static partial void DroppingVm(ILogger logger, string node, long vmId, double seconds);

        [LoggerMessage(Level = LogLevel.Error, Message = "could not shut down the failing VM of node {Node}: {Reason}")]
        public static partial void DropFailed(ILogger logger, string node, string? reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "OpenNebula VM {VmId} of node {Node}: {Action} requested")]
        public static partial void VmStopped(ILogger logger, long vmId, string node, string action);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{HostsFile}: malformed line skipped (expected 'IP name'): {Line}")]
        public static partial void MalformedHostsLine(ILogger logger, string hostsFile, string line);
    }
}
