using Clues.Core.Groups;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>Each node group's nodes on and booting and its bounds; empty when no group is configured (loop thread only).</summary>
    internal IReadOnlyList<NodeGroupStatus> SnapshotGroups() => _chain.Groups?.Status(Nodes) ?? [];
}
