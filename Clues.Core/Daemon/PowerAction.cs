using Clues.Core.Model;

namespace Clues.Core.Daemon;

/// <summary>What differs between powering a node on and powering it off (spec §1.8): the rest is one procedure.</summary>
/// <param name="Verb">"on" or "off", for logs.</param>
/// <param name="Transit">The state while the action runs (POW_ON, POW_OFF).</param>
/// <param name="Failed">The state after a failure (OFF_ERR, ON_ERR).</param>
/// <param name="PreHook">Hook fired before the platform call.</param>
/// <param name="PostHook">Hook fired after it.</param>
internal sealed record PowerAction(string Verb, NodeState Transit, NodeState Failed, string PreHook, string PostHook)
{
    public static readonly PowerAction On = new("on", NodeState.PowOn, NodeState.OffErr, "PRE_POWERON", "POST_POWERON");
    public static readonly PowerAction Off = new("off", NodeState.PowOff, NodeState.OnErr, "PRE_POWEROFF", "POST_POWEROFF");

    /// <summary>States in which the action is already done or under way, so nothing happens.</summary>
    public bool AlreadyDone(NodeState state) => this == On
        ? state is NodeState.Idle or NodeState.Used or NodeState.PowOn or NodeState.OnErr
        : state is NodeState.Off or NodeState.PowOff or NodeState.OffErr;

    /// <summary>Calls the platform.</summary>
    public Task<PowerResult> Call(Platform platform, string node, CancellationToken cancellationToken) =>
        this == On ? platform.PowerOnAsync(node, cancellationToken) : platform.PowerOffAsync(node, cancellationToken);
}
