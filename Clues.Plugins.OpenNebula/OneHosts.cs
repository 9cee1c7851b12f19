using Clues.Core.Model;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.Plugins.OpenNebula;

/// <summary>Turns OpenNebula hosts and VMs into CLUES' nodes and jobs (spec plugins §2.8), in OpenNebula's units.</summary>
internal static class OneHosts
{
    /// <summary>
    /// A host as a node: slots = <c>MAX_CPU</c> (100 per core), free = <c>MAX_CPU − CPU_USAGE</c>; memory = <c>MAX_MEM</c>
    /// in KB, free = <c>MAX_MEM − MEM_USAGE</c>. Monitored hosts are IDLE with every slot free, else USED; hosts in
    /// ERROR, DISABLED, INIT or a MONITORING_* state other than from MONITORED are OFF, and so are OFFLINE hosts
    /// (FIX spec §2.8: CLUES left them IDLE). A state this port does not know is UNKNOWN (CLUES raised).
    /// </summary>
    public static NodeInfo ToNodeInfo(OneHost host)
    {
        var total = Number(host.Share, "MAX_CPU");
        var free = total - Number(host.Share, "CPU_USAGE");
        var memory = Number(host.Share, "MAX_MEM");
        var memoryFree = memory - Number(host.Share, "MEM_USAGE");
        var state = host.State switch
        {
            OneHostState.Monitored or OneHostState.MonitoringMonitored => free < total ? NodeState.Used : NodeState.Idle,
            OneHostState.Init or OneHostState.Error or OneHostState.Disabled or OneHostState.MonitoringError
                or OneHostState.MonitoringInit or OneHostState.MonitoringDisabled or OneHostState.Offline => NodeState.Off,
            _ => NodeState.Unknown,
        };
        var monitored = host.State is OneHostState.Monitored or OneHostState.MonitoringMonitored;
        // KEEP: a host that is not up and reports no capacity can hold anything once up.
        if (!monitored && total == 0)
        {
            total = -1;
        }
        if (!monitored && memory == 0)
        {
            memory = -1;
        }
        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal);
        foreach (var (name, value) in host.Share)
        {
            if (OneXml.TryNumber(value, out var number))
            {
                keywords[name] = KeywordValue.FromNumber(number);
            }
        }
        foreach (var (name, value) in host.Template)
        {
            keywords[name] = name is "CPUSPEED" or "NETRX" or "NETTX" && OneXml.TryNumber(value, out var number)
                ? KeywordValue.FromNumber(number)
                : KeywordValue.FromString(value);
        }
        return new NodeInfo(host.Name, total, free, memory, memoryFree, keywords, state);
    }

    /// <summary>
    /// A VM as a job: <c>CPU × 100</c> slots and <c>MEMORY × 1024</c> KB (the host units), id = the VM id, node = the
    /// host of its last history record; INIT, PENDING and HOLD are PENDING, every other state ATTENDED.
    /// </summary>
    public static JobInfo ToJobInfo(OneVm vm) => new(
        new Resources(vm.Cpu * 100, vm.MemoryMb * 1024),
        vm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        vm.LastHost is { } host ? [host] : [],
        vm.State is OneVmState.Init or OneVmState.Pending or OneVmState.Hold ? RequestState.Pending : RequestState.Attended);

    private static double Number(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && OneXml.TryNumber(text, out var value) ? value : 0;
}
