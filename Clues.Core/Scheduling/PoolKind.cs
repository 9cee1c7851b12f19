namespace Clues.Core.Scheduling;

/// <summary>The node pools PowOn_Requests adds one after another (spec §4.2 cases 1–5), each in LRMS order.</summary>
internal enum PoolKind
{
    /// <summary>IDLE, USED and ON_ERR nodes (enabled or not).</summary>
    On,
    /// <summary>POW_ON nodes (enabled or not).</summary>
    PowOn,
    /// <summary>Enabled OFF nodes already chosen to be powered on in this pass.</summary>
    OffChosen,
    /// <summary>The other enabled OFF nodes.</summary>
    OffOther,
    /// <summary>Enabled POW_OFF nodes.</summary>
    PowOff,
}
