using Clues.Core.Model;

namespace Clues.Plugins.Pbs;

/// <summary>The CLUES state of a Torque node state list (<c>free</c>, <c>job-exclusive</c>, <c>down,offline</c>).</summary>
internal static class PbsNodeState
{
    /// <summary>
    /// CLUES' reading, scanning the list in order: <c>free</c> is IDLE; <c>job-exclusive</c>, <c>job-sharing</c>,
    /// <c>busy</c> and <c>reserve</c> are USED; <c>offline</c>, <c>down</c> and anything else are OFF, and stop the
    /// scan. A node with jobs on some of its slots is USED even when Torque still calls it <c>free</c>
    /// (grycap/clues#97); the reader applies that.
    /// </summary>
    /// <param name="states">The comma list.</param>
    /// <param name="unknown">Called with a state CLUES does not know (reported OFF, as CLUES did).</param>
    public static NodeState ToClues(string states, Action<string>? unknown = null)
    {
        var result = NodeState.Off;
        foreach (var raw in states.Split(','))
        {
            var state = raw.Trim();
            switch (state)
            {
                case "free":
                    result = NodeState.Idle;
                    break;
                case "job-exclusive" or "job-sharing" or "busy" or "reserve":
                    result = NodeState.Used;
                    break;
                case "offline" or "down" or "state-unknown":
                    return NodeState.Off;
                default:
                    unknown?.Invoke(state);
                    return NodeState.Off;
            }
        }
        return result;
    }

    /// <summary>Whether the list holds <c>offline</c> (set by an administrator, or by CLUES before a power-off).</summary>
    public static bool IsOffline(string states) =>
        states.Split(',').Any(s => string.Equals(s.Trim(), "offline", StringComparison.Ordinal));
}
