namespace Clues.Core.Simulation;

/// <summary>The power state of a simulated machine.</summary>
public enum SimNodeState
{
    /// <summary>Running.</summary>
    On,
    /// <summary>Powered off.</summary>
    Off,
    /// <summary>Booting.</summary>
    PowOn,
    /// <summary>Shutting down.</summary>
    PowOff,
}
