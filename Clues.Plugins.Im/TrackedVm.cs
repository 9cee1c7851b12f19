using Clues.Plugins.Im.Radl;

namespace Clues.Plugins.Im;

/// <summary>
/// A worker VM of the infrastructure and the node it serves (CLUES' <c>VM_Node</c>): its URL, its RADL as IM last
/// reported it and the times CLUES' timers look at.
/// </summary>
internal sealed class TrackedVm(Uri vm, RadlSystem system, bool additional, DateTimeOffset now)
{
    /// <summary>The VM's URL in IM.</summary>
    public Uri Vm { get; private set; } = vm;

    /// <summary>The VM's system as IM last reported it (its state, the EC3 features).</summary>
    public RadlSystem System { get; private set; } = system;

    /// <summary><c>ec3_additional_vm</c>: a VM the user added by hand, which CLUES neither recovers nor deletes as an orphan.</summary>
    public bool Additional { get; private set; } = additional;

    public DateTimeOffset Created { get; } = now;

    public DateTimeOffset Seen { get; set; } = now;

    /// <summary>When CLUES last tried to recover (delete) it; recoveries are at least DROP_FAILING_VMS apart.</summary>
    public DateTimeOffset Recovered { get; set; } = now;

    /// <summary>The VM state seen the previous time (pending, running, configured, unconfigured...).</summary>
    public string? LastState { get; set; }

    public void Update(Uri vm, RadlSystem system, bool additional)
    {
        Vm = vm;
        System = system;
        Additional = additional;
    }
}

/// <summary>The VM states IM reports.</summary>
internal static class VmStates
{
    public const string Unknown = "unknown";
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Off = "off";
    public const string Failed = "failed";
    public const string Configured = "configured";
    public const string Unconfigured = "unconfigured";
}
