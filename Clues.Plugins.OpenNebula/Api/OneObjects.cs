namespace Clues.Plugins.OpenNebula.Api;

/// <summary>One entry of <c>one.hostpool.info</c>: a hypervisor host.</summary>
/// <param name="Id">The host id.</param>
/// <param name="Name">The host name (the CLUES node name).</param>
/// <param name="State">OpenNebula's host state number (see <see cref="OneHostState"/>).</param>
/// <param name="Share">The <c>HOST_SHARE</c> fields CLUES reads, as text.</param>
/// <param name="Template">The <c>TEMPLATE</c> fields CLUES reads, as text.</param>
internal sealed record OneHost(long Id, string Name, int State, IReadOnlyDictionary<string, string> Share, IReadOnlyDictionary<string, string> Template);

/// <summary>OpenNebula's host states (<c>include/Host.h</c>, the same numbers since 3.x).</summary>
internal static class OneHostState
{
    public const int Init = 0;
    public const int MonitoringMonitored = 1;
    public const int Monitored = 2;
    public const int Error = 3;
    public const int Disabled = 4;
    public const int MonitoringError = 5;
    public const int MonitoringInit = 6;
    public const int MonitoringDisabled = 7;
    public const int Offline = 8;
}

/// <summary>One virtual machine of <c>one.vmpool.info</c> or <c>one.vm.info</c>.</summary>
/// <param name="Id">The VM id.</param>
/// <param name="State">OpenNebula's VM state number (see <see cref="OneVmState"/>).</param>
/// <param name="Cpu"><c>TEMPLATE/CPU</c>: physical CPUs (may be fractional); 0 when absent.</param>
/// <param name="MemoryMb"><c>TEMPLATE/MEMORY</c> in MB; 0 when absent.</param>
/// <param name="Ips">The <c>IP</c> of every <c>TEMPLATE/NIC</c>, in order.</param>
/// <param name="LastHost">The <c>HOSTNAME</c> of the history record with the highest <c>SEQ</c>; null when never placed.</param>
internal sealed record OneVm(long Id, int State, double Cpu, double MemoryMb, IReadOnlyList<string> Ips, string? LastHost);

/// <summary>OpenNebula's VM states (<c>include/VirtualMachine.h</c>).</summary>
internal static class OneVmState
{
    public const int Init = 0;
    public const int Pending = 1;
    public const int Hold = 2;
    public const int Active = 3;
}

/// <summary>One registered template of <c>one.templatepool.info</c>.</summary>
internal sealed record OneTemplate(long Id, string Name);
