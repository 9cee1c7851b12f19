namespace Clues.Plugins.OpenNebula.VirtualCluster;

/// <summary>
/// A VM the power manager believes stands for a node of the virtual cluster (CLUES' <c>VM_Node</c>), with the times,
/// in seconds on the plugin's clock, that drive the guess, forget and drop timers.
/// </summary>
internal sealed class TrackedVm(long vmId, string node, string ip, double now)
{
    public long VmId { get; } = vmId;

    public string Node { get; } = node;

    public string Ip { get; } = ip;

    /// <summary>When OpenNebula last listed it (or it was created).</summary>
    public double Seen { get; set; } = now;

    /// <summary>When CLUES last saw its node on; 0 = never.</summary>
    public double Monitored { get; set; }

    /// <summary>When it was last shut down for being off in CLUES' view; 0 = never.</summary>
    public double Recovered { get; set; }
}
