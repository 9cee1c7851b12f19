namespace Clues.Core.Groups;

/// <summary>
/// A named set of nodes with bounds on how many of them are on (<c>[group:NAME]</c> in clues2.cfg), like a node group
/// of Cluster Autoscaler or a Slurm partition's static and dynamic nodes.
/// </summary>
/// <param name="Name">The name after <c>group:</c>.</param>
/// <param name="Nodes">Which nodes belong to it (<c>NODES</c>).</param>
/// <param name="MinOn"><c>MIN_ON</c>: nodes kept on or booting at all times (0 = none).</param>
/// <param name="MaxOn"><c>MAX_ON</c>: most nodes on or booting at once (0 = no cap).</param>
/// <param name="MaxBooting"><c>MAX_BOOTING</c>: most nodes booting at once (0 = no cap).</param>
public sealed record NodeGroup(string Name, NodeSelector Nodes, int MinOn, int MaxOn, int MaxBooting)
{
    /// <summary>The INI section that declares the group.</summary>
    public string Section => NodeGroupConfig.SectionPrefix + Name;
}
