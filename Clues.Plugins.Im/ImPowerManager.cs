using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power;
using Clues.Plugins.Im.Api;
using Clues.Plugins.Im.Radl;
using Clues.Plugins.Im.Tosca;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Im;

/// <summary>
/// <c>cluesplugins.im</c>: the worker nodes of an EC3 cluster are VMs of one Infrastructure Manager infrastructure.
/// Powering a node on adds a VM for it (RADL or TOSCA) or starts its stopped VM; powering it off deletes the VM, or
/// stops it when the system asks for VM reuse. The lifecycle deletes VMs that failed, VMs whose node never came up and
/// VMs that serve no node, and saves golden images.
/// </summary>
/// <remarks>
/// <para>A VM belongs to the node named by its <c>net_interface.0.dns_name</c> (<c>#N#</c> replaced by the VM id); the
/// first VM of the infrastructure is the front end and is never touched. Behaviour is CLUES' (spec clues-plugins
/// §2.14) with these fixes: TLS is verified; a failed VM listing fails the call instead of looking like an empty
/// infrastructure; an <c>ec3_if_fail</c> cycle is an error instead of an endless loop; <c>'false'</c> is false; a VM is
/// forgotten once deleted; URLs outside the IM server are not followed; the database is written with parameters.</para>
/// <para>Calls are serialised: a power call the daemon gave up on (timeout) finishes before the next one starts.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<ImOptions>]
internal sealed partial class ImPowerManager : IPowerManager, IDisposable
{
    public const string PluginName = "cluesplugins.im";

    private readonly ImOptions _options;
    private readonly IImApi _api;
    private readonly ImStateStore? _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IDisposable? _ownedApi;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, TrackedVm> _vms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GoldenImage> _goldenImages;
    private readonly Dictionary<string, Uri> _stoppedVms;
    private Uri? _infrastructure;
    private ICluesSystem? _system;

    /// <summary>Creates the power manager from <c>[IM VIRTUAL CLUSTER]</c>.</summary>
    public ImPowerManager(CluesConfig config, ILogger<ImPowerManager> logger, TimeProvider timeProvider)
        : this(ReadOptions(config), null, logger, timeProvider)
    {
    }

    internal ImPowerManager(ImOptions options, IImApi? api, ILogger logger, TimeProvider timeProvider)
    {
        _options = options;
        _logger = logger;
        _time = timeProvider;
        if (api is null)
        {
            var client = new ImRestClient(options.ToRestClientOptions(), options.AuthFile, options.InfrastructureUri);
            _ownedApi = client;
            api = client;
        }
        _api = api;
        _infrastructure = options.InfrastructureUri;
        try
        {
            _store = new ImStateStore(options.DatabaseFile);
            _goldenImages = _store.LoadGoldenImages();
            _stoppedVms = _store.LoadStoppedVms();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            // As CLUES: the plugin works, the golden images and stopped VMs only live until a restart.
            Log.NoPersistence(_logger, options.DatabaseFile ?? ":memory:", ex.Message);
            _store?.Dispose();
            _store = null;
            _goldenImages = new(StringComparer.Ordinal);
            _stoppedVms = new(StringComparer.Ordinal);
        }
    }

    private static ImOptions ReadOptions(CluesConfig config)
    {
        var options = ImOptions.Read(config);
        config.ThrowIfErrors();
        return options;
    }

    /// <summary>Makes the name of a golden image (CLUES: <c>im-&lt;uuid1&gt;</c>); tests replace it.</summary>
    internal Func<string> NewImageName { get; set; } = () => "im-" + Guid.NewGuid().ToString("D");

    /// <summary>The VMs tracked now, by node name (a copy).</summary>
    internal IReadOnlyDictionary<string, TrackedVm> TrackedVms => new Dictionary<string, TrackedVm>(_vms, StringComparer.Ordinal);

    /// <summary>The golden images known now, by class (a copy).</summary>
    internal IReadOnlyDictionary<string, GoldenImage> GoldenImages => new Dictionary<string, GoldenImage>(_goldenImages, StringComparer.Ordinal);

    /// <summary>The stopped VMs kept for reuse, by node name (a copy).</summary>
    internal IReadOnlyDictionary<string, Uri> StoppedVms => new Dictionary<string, Uri>(_stoppedVms, StringComparer.Ordinal);

    /// <inheritdoc />
    public void Attach(ICluesSystem system) => _system = system;

    /// <inheritdoc />
    public async Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        var nodes = NodesNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshVmsAsync(nodes, cancellationToken).ConfigureAwait(false);
            var infrastructure = await InfrastructureAsync(cancellationToken).ConfigureAwait(false);
            if (_vms.ContainsKey(node))
            {
                return Fail(node, $"node {node} already has VM {_vms[node].Vm}; not launching another");
            }
            if (_stoppedVms.TryGetValue(node, out var stopped))
            {
                await _api.StartVmAsync(stopped, cancellationToken).ConfigureAwait(false);
                Log.Started(_logger, node, stopped);
                return PowerResult.Ok(node);
            }
            var document = _options.UseTosca
                ? await ToscaAsync(infrastructure, node, cancellationToken).ConfigureAwait(false)
                : await RadlAsync(infrastructure, node, cancellationToken).ConfigureAwait(false);
            Log.Launching(_logger, node, _options.UseTosca ? "TOSCA" : "RADL", document);
            var added = await _api.AddResourcesAsync(infrastructure, document, _options.UseTosca, cancellationToken).ConfigureAwait(false);
            Log.Launched(_logger, node, string.Join(", ", added));
            return PowerResult.Ok(node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(node, $"cannot launch a VM for node {node}: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PowerOffCoreAsync(node, destroy: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Never fails: a problem is logged and the next lifecycle tries again (as CLUES).</remarks>
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        var nodes = NodesNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LifecycleCoreAsync(nodes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LifecycleFailed(_logger, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
        return true;
    }

    private async Task LifecycleCoreAsync(IReadOnlyList<NodeView> nodes, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await RefreshVmsAsync(nodes, cancellationToken).ConfigureAwait(false);
        var recover = new List<string>();
        foreach (var node in nodes)
        {
            _vms.TryGetValue(node.Name, out var vm);
            if (vm is not null && node.State is NodeState.Idle or NodeState.Used && vm.System.GetFlag("ec3_golden_images")
                && vm.System.GetString("state") == VmStates.Configured && vm.System.GetString("ec3_class") is { } ec3Class
                && !_goldenImages.ContainsKey(ec3Class))
            {
                await SaveGoldenImageAsync(vm, ec3Class, cancellationToken).ConfigureAwait(false);
            }
            if (!node.Enabled)
            {
                continue;
            }
            if (node.State is NodeState.Off or NodeState.OffErr or NodeState.Unknown)
            {
                if (_options.DropFailing > TimeSpan.Zero && vm is not null)
                {
                    // The node has a VM but never came (back) up: after DROP_FAILING_VMS the VM is deleted.
                    var stateSince = now - TimeSpan.FromSeconds(node.SecondsInState);
                    var off = now - (stateSince > vm.Created ? stateSince : vm.Created);
                    if (off > _options.DropFailing && now - vm.Recovered > _options.DropFailing)
                    {
                        Log.StuckOff(_logger, node.Name, node.State, off.TotalSeconds);
                        vm.Recovered = now;
                        recover.Add(node.Name);
                    }
                }
            }
            else if (vm is null)
            {
                Log.NodeWithoutVm(_logger, node.Name);
            }
        }

        // A VM that serves no node CLUES knows is deleted, unless the user added it by hand.
        var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, vm) in _vms)
        {
            if (!names.Contains(name) && !vm.Additional)
            {
                Log.Orphan(_logger, name, vm.Vm);
                vm.Recovered = now;
                recover.Add(name);
            }
        }
        foreach (var name in recover)
        {
            await RecoverAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// CLUES' <c>_get_vms</c>: reads every worker VM of the infrastructure, tracks it under its node name, reacts to
    /// failed VMs and forgets VMs IM no longer lists.
    /// </summary>
    /// <exception cref="Exception">The infrastructure or its VM list cannot be read.</exception>
    internal Task RefreshVmsAsync(CancellationToken cancellationToken) => RefreshVmsAsync(NodesNow(), cancellationToken);

    // The daemon's view is read where the daemon calls in, on its loop thread; after an await the code may run elsewhere.
    private IReadOnlyList<NodeView> NodesNow() => _system?.GetNodes() ?? [];

    private async Task RefreshVmsAsync(IReadOnlyList<NodeView> nodes, CancellationToken cancellationToken)
    {
        var infrastructure = await InfrastructureAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var uris = await _api.ListVmsAsync(infrastructure, cancellationToken).ConfigureAwait(false);
        // The first VM is the front end.
        foreach (var uri in uris.Skip(1))
        {
            RadlSystem system;
            try
            {
                var radl = RadlParser.Parse(await _api.GetVmRadlAsync(uri, cancellationToken).ConfigureAwait(false));
                system = radl.Systems.Count > 0 ? radl.Systems[0] : throw new RadlFormatException("the VM's RADL has no system");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.VmUnreadable(_logger, uri, ex.Message);
                continue;
            }
            var state = system.GetString("state");
            var name = system.GetString("net_interface.0.dns_name")?.Replace("#N#", LastSegment(uri), StringComparison.Ordinal);
            if (string.IsNullOrEmpty(name))
            {
                if (state != VmStates.Stopped)
                {
                    Log.NoDnsName(_logger, uri);
                }
                continue;
            }
            if (state == VmStates.Stopped)
            {
                continue;
            }
            var additional = system.GetFlag("ec3_additional_vm");
            if (!_vms.TryGetValue(name, out var vm))
            {
                vm = new TrackedVm(uri, system, additional, now);
                _vms[name] = vm;
            }
            else
            {
                if (vm.Vm != uri)
                {
                    Log.NewVmForNode(_logger, name, vm.Vm, uri);
                    if (!additional)
                    {
                        await PowerOffCoreAsync(name, destroy: false, cancellationToken).ConfigureAwait(false);
                    }
                }
                vm.Update(uri, system, additional);
                // The power-off above may have forgotten the old VM.
                _vms[name] = vm;
            }
            var clusterNode = nodes.FirstOrDefault(n => n.Name == name);
            var enabled = clusterNode?.Enabled ?? true;
            vm.Seen = now;
            var lastState = vm.LastState;
            vm.LastState = state;
            switch (state)
            {
                case VmStates.Failed or VmStates.Unconfigured:
                    Log.VmFailed(_logger, name, uri, state);
                    if (state == VmStates.Unconfigured && lastState != VmStates.Unconfigured)
                    {
                        await LogContextualizationAsync(name, uri, cancellationToken).ConfigureAwait(false);
                    }
                    if (additional)
                    {
                        Log.NotRecovering(_logger, name, "it is an additional VM");
                    }
                    else if (state == VmStates.Unconfigured && !enabled)
                    {
                        Log.NotRecovering(_logger, name, "the node is disabled");
                    }
                    else
                    {
                        await RecoverAsync(name, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                case VmStates.Off:
                    Log.VmOff(_logger, name, uri);
                    if (_stoppedVms.ContainsKey(name))
                    {
                        await RecoverAsync(name, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                case VmStates.Unknown:
                    Log.VmUnknown(_logger, name, uri);
                    break;
            }
        }

        foreach (var (name, vm) in _vms.ToList())
        {
            if (now - vm.Seen > _options.ForgetMissing)
            {
                Log.Forgotten(_logger, name, vm.Vm);
                _vms.Remove(name);
            }
        }
    }

    /// <summary>CLUES' <c>recover</c>: deletes the node's VM, whatever its reuse setting.</summary>
    private async Task<bool> RecoverAsync(string node, CancellationToken cancellationToken)
    {
        var result = await PowerOffCoreAsync(node, destroy: true, cancellationToken).ConfigureAwait(false);
        Log.Recovered(_logger, node, result.Success);
        return result.Success;
    }

    private async Task<PowerResult> PowerOffCoreAsync(string node, bool destroy, CancellationToken cancellationToken)
    {
        if (!_vms.TryGetValue(node, out var vm))
        {
            return Fail(node, $"no VM of the infrastructure serves node {node} (are the IM credentials those the VM was made with?)");
        }
        try
        {
            var interval = vm.System.GetNumber("ec3_destroy_interval", 0);
            if (interval > 0)
            {
                // Clouds that bill by the hour: only give the VM up just before the next paid period starts.
                var lifetime = (_time.GetUtcNow() - vm.Created).TotalSeconds;
                var remaining = interval - lifetime % interval;
                var safe = vm.System.GetNumber("ec3_destroy_safe", 0);
                if (remaining >= safe)
                {
                    return Fail(node, $"node {node} keeps its VM: {remaining:0} s of its paid ec3_destroy_interval remain (ec3_destroy_safe {safe:0} s)");
                }
            }
            if (vm.System.GetFlag("ec3_reuse_nodes") && !destroy)
            {
                // Recorded before the call, as CLUES: a VM whose stop failed is still started, not duplicated, next time.
                _stoppedVms[node] = vm.Vm;
                Persist(s => s.StoreStoppedVm(node, vm.Vm));
                await _api.StopVmAsync(vm.Vm, cancellationToken).ConfigureAwait(false);
                Log.Stopped(_logger, node, vm.Vm);
            }
            else
            {
                if (_stoppedVms.Remove(node))
                {
                    Persist(s => s.DeleteStoppedVm(node));
                }
                await _api.DeleteVmAsync(vm.Vm, cancellationToken).ConfigureAwait(false);
                _vms.Remove(node);
                Log.Deleted(_logger, node, vm.Vm);
            }
            return PowerResult.Ok(node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(node, $"cannot {(destroy ? "delete" : "power off")} the VM {vm.Vm} of node {node}: {ex.Message}");
        }
    }

    private async Task<Uri> InfrastructureAsync(CancellationToken cancellationToken)
    {
        if (_infrastructure is not null)
        {
            return _infrastructure;
        }
        var infrastructures = await _api.ListInfrastructuresAsync(cancellationToken).ConfigureAwait(false);
        if (infrastructures.Count == 0)
        {
            throw new InvalidOperationException($"IM lists no infrastructure for these credentials; set [{ImOptions.Section}] {ImOptions.InfrastructureKey}");
        }
        _infrastructure = infrastructures[0];
        Log.Infrastructure(_logger, _infrastructure);
        return _infrastructure;
    }

    private async Task<string> RadlAsync(Uri infrastructure, string node, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var vms = await _api.ListVmsAsync(infrastructure, cancellationToken).ConfigureAwait(false);
        foreach (var vm in vms.Skip(1))
        {
            try
            {
                var radl = RadlParser.Parse(await _api.GetVmRadlAsync(vm, cancellationToken).ConfigureAwait(false));
                var ec3Class = radl.Systems.Count > 0 ? radl.Systems[0].GetString("ec3_class") ?? "" : "";
                counts[ec3Class] = counts.GetValueOrDefault(ec3Class) + 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.VmUnreadable(_logger, vm, ex.Message);
            }
        }
        var infrastructureRadl = RadlParser.Parse(await _api.GetInfrastructureRadlAsync(infrastructure, cancellationToken).ConfigureAwait(false));
        return RadlNodeComposer.Compose(infrastructureRadl, counts, _goldenImages, node);
    }

    private async Task<string> ToscaAsync(Uri infrastructure, string node, CancellationToken cancellationToken)
    {
        var vms = await _api.ListVmsAsync(infrastructure, cancellationToken).ConfigureAwait(false);
        var template = await _api.GetInfrastructureToscaAsync(infrastructure, cancellationToken).ConfigureAwait(false);
        return ToscaNodeComposer.Compose(template, Math.Max(0, vms.Count - 1), node);
    }

    private async Task SaveGoldenImageAsync(TrackedVm vm, string ec3Class, CancellationToken cancellationToken)
    {
        try
        {
            var image = await _api.SnapshotDiskAsync(vm.Vm, NewImageName(), cancellationToken).ConfigureAwait(false);
            var golden = new GoldenImage(image, vm.System.GetString("disk.0.os.credentials.password"));
            _goldenImages[ec3Class] = golden;
            Persist(s => s.StoreGoldenImage(ec3Class, golden));
            Log.GoldenImage(_logger, ec3Class, image, vm.Vm);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.GoldenImageFailed(_logger, vm.Vm, ex.Message);
        }
    }

    private async Task LogContextualizationAsync(string node, Uri vm, CancellationToken cancellationToken)
    {
        try
        {
            var log = await _api.GetVmContextualizationLogAsync(vm, cancellationToken).ConfigureAwait(false);
            Log.ContextualizationLog(_logger, node, log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ContextualizationLog(_logger, node, "(not available: " + ex.Message + ")");
        }
    }

    private void Persist(Action<ImStateStore> write)
    {
        if (_store is null)
        {
            return;
        }
        try
        {
            write(_store);
        }
        catch (SqliteException ex)
        {
            Log.PersistFailed(_logger, ex.Message);
        }
    }

    private static string LastSegment(Uri uri) => uri.AbsolutePath.TrimEnd('/') is var path ? path[(path.LastIndexOf('/') + 1)..] : "";

    private PowerResult Fail(string node, string error)
    {
        Log.PowerFailed(_logger, error);
        return PowerResult.Failed(node, error);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ownedApi?.Dispose();
        _store?.Dispose();
        _gate.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Error}")]
        public static partial void PowerFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Node {Node}: VM {Vm} started again")]
        public static partial void Started(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Node {Node}: adding a VM with this {Kind}: {Document}")]
        public static partial void Launching(ILogger logger, string node, string kind, string document);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Node {Node}: VM added ({Vms})")]
        public static partial void Launched(ILogger logger, string node, string vms);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Node {Node}: VM {Vm} stopped and kept for reuse")]
        public static partial void Stopped(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Node {Node}: VM {Vm} deleted")]
        public static partial void Deleted(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The IM lifecycle failed (tried again at the next one): {Reason}")]
        public static partial void LifecycleFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Node {Node} is {State} for {Seconds:0} s while its VM exists: deleting the VM")]
        public static partial void StuckOff(ILogger logger, string node, NodeState state, double seconds);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Node {Node} is on but no VM of the infrastructure serves it (are the IM credentials those the VM was made with?)")]
        public static partial void NodeWithoutVm(ILogger logger, string node);

        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "VM {Vm} named {Node} serves no node CLUES knows: deleting it")]
        public static partial void Orphan(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Cannot read VM {Vm}: {Reason}")]
        public static partial void VmUnreadable(ILogger logger, Uri vm, string reason);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "VM {Vm} has no net_interface.0.dns_name, so no node")]
        public static partial void NoDnsName(ILogger logger, Uri vm);

        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Node {Node} moved from VM {Old} to VM {New}")]
        public static partial void NewVmForNode(ILogger logger, string node, Uri old, Uri @new);

        [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Node {Node}: VM {Vm} is {State}")]
        public static partial void VmFailed(ILogger logger, string node, Uri vm, string? state);

        [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "Node {Node}: not deleting its VM because {Reason}")]
        public static partial void NotRecovering(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Node {Node}: VM {Vm} is off")]
        public static partial void VmOff(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Node {Node}: VM {Vm} is in state unknown")]
        public static partial void VmUnknown(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "Node {Node}: VM {Vm} not listed for a while; forgotten")]
        public static partial void Forgotten(ILogger logger, string node, Uri vm);

        [LoggerMessage(EventId = 19, Level = LogLevel.Information, Message = "Node {Node}: recovery by deleting its VM {Outcome:succeeded;failed}")]
        public static partial void Recovered(ILogger logger, string node, bool outcome);

        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Using IM infrastructure {Infrastructure}")]
        public static partial void Infrastructure(ILogger logger, Uri infrastructure);

        [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Golden image of class {Class} saved as {Image} from VM {Vm}")]
        public static partial void GoldenImage(ILogger logger, string @class, string image, Uri vm);

        [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Cannot save a golden image of VM {Vm}: {Reason}")]
        public static partial void GoldenImageFailed(ILogger logger, Uri vm, string reason);

        [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "Node {Node}: contextualization log: {Log}")]
        public static partial void ContextualizationLog(ILogger logger, string node, string log);

        [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "Cannot write the IM plugin's state to the database: {Reason}")]
        public static partial void PersistFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "Cannot open the IM plugin's database {File}; golden images and stopped VMs are kept in memory only: {Reason}")]
        public static partial void NoPersistence(ILogger logger, string file, string reason);
    }
}
