using Clues.Core.Model;

namespace Clues.Core.Plugins;

/// <summary>
/// What the daemon offers to the plugins attached to it (CLUES' <c>_attach_clues_system</c>): a read-only view
/// of the nodes as the daemon last saw them.
/// </summary>
public interface ICluesSystem
{
    /// <summary>A snapshot of every node the daemon manages, with its daemon-side state (POW_ON, OFF_ERR...).</summary>
    IReadOnlyList<NodeView> GetNodes();
}

/// <summary>A read-only snapshot of one managed node.</summary>
/// <param name="Name">Node name.</param>
/// <param name="State">The daemon's state for it.</param>
/// <param name="Enabled">Whether CLUES may power it on or off.</param>
/// <param name="SecondsInState">Seconds since the state last changed.</param>
public sealed record NodeView(string Name, NodeState State, bool Enabled, double SecondsInState);
