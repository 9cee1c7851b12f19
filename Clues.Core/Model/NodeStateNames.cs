namespace Clues.Core.Model;

/// <summary>Display names of node states, as CLUES prints them (<c>state2str</c>).</summary>
public static class NodeStateNames
{
    /// <summary>The short display name (for example <c>powon</c>, <c>off (err)</c>).</summary>
    /// <remarks>FIX (spec §14 Q2): CLUES has no name for ERROR and crashes printing it; here it is <c>error</c>.</remarks>
    public static string ToDisplay(this NodeState state) => state switch
    {
        NodeState.Error => "error",
        NodeState.Unknown => "unk",
        NodeState.Idle => "idle",
        NodeState.Used => "used",
        NodeState.Off => "off",
        NodeState.PowOn => "powon",
        NodeState.PowOff => "powoff",
        NodeState.OnErr => "on (err)",
        NodeState.OffErr => "off (err)",
        _ => ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True for the states in which the node is on and usable by the LRMS.</summary>
    public static bool IsOn(this NodeState state) => state is NodeState.Idle or NodeState.Used;
}
