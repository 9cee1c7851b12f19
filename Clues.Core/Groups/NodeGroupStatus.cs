namespace Clues.Core.Groups;

/// <summary>A node group at one moment, as <c>clues status</c>, the JSON API (<c>/api/groups</c>) and <c>/metrics</c> show it.</summary>
/// <param name="Name">The group.</param>
/// <param name="Nodes">The managed nodes in it.</param>
/// <param name="On">Its nodes that are on (IDLE, USED or ON_ERR).</param>
/// <param name="Booting">Its nodes being powered on.</param>
/// <param name="MinOn"><c>MIN_ON</c>.</param>
/// <param name="MaxOn"><c>MAX_ON</c> (0 = no cap).</param>
/// <param name="MaxBooting"><c>MAX_BOOTING</c> (0 = no cap).</param>
public sealed record NodeGroupStatus(string Name, int Nodes, int On, int Booting, int MinOn, int MaxOn, int MaxBooting)
{
    /// <summary>One line: <c>group gpu: 3 on, 1 booting of 8 nodes (min 2, max 4, max booting 2)</c>.</summary>
    public override string ToString() =>
        $"group {Name}: {On} on, {Booting} booting of {Nodes} node{(Nodes == 1 ? "" : "s")} "
        + $"(min {MinOn}, max {(MaxOn > 0 ? MaxOn.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}, "
        + $"max booting {(MaxBooting > 0 ? MaxBooting.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")})";
}
