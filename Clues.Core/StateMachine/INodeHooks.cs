namespace Clues.Core.StateMachine;

/// <summary>
/// The side effects of accepted node state changes (spec §2.5): CLUES runs a hook command for each. The daemon
/// gives its nodes an implementation that runs the <c>[hooks]</c> commands; copies used by schedulers get none.
/// </summary>
public interface INodeHooks
{
    /// <summary>The node reached IDLE or USED from a state that was not on.</summary>
    void PoweredOn(string node, bool unexpected);
    /// <summary>The node reached OFF from another state.</summary>
    void PoweredOff(string node, bool unexpected);
    /// <summary>USED → IDLE.</summary>
    void Idle(string node);
    /// <summary>IDLE → USED.</summary>
    void Used(string node);
    /// <summary>The node entered OFF_ERR; <paramref name="failures"/> is the consecutive power-on failure count.</summary>
    void OffErr(string node, int failures);
    /// <summary>The node entered ON_ERR; <paramref name="failures"/> is the consecutive power-off failure count.</summary>
    void OnErr(string node, int failures);
    /// <summary>The node entered UNKNOWN.</summary>
    void Unknown(string node);
}
