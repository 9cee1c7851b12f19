using Clues.Core.Config;
using Clues.Core.Daemon;

namespace Clues.Core.Simulation;

/// <summary>
/// The simulated machines and their power switch (cluessim <c>NodePool</c> and <c>PowerManager_dummy</c>'s
/// effects): power actions complete after a random delay and a power-on may fail, as configured in <c>[simulator]</c>.
/// </summary>
public sealed class SimulatedCluster(EventLoop loop, SimulatorOptions options, Random random)
{
    private readonly List<SimNode> _nodes = [];
    private readonly Dictionary<string, SimNode> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    /// <summary>The machines, in the order they were added.</summary>
    public IReadOnlyList<SimNode> Nodes => _nodes;

    /// <summary>Adds a machine (powered off).</summary>
    public void Add(SimNode node)
    {
        if (!_byName.TryAdd(node.Name, node))
        {
            throw new InvalidOperationException($"the simulated node {node.Name} already exists");
        }
        _indexes[node.Name] = _nodes.Count;
        _nodes.Add(node);
    }

    /// <summary>The position of the machine with that name in <see cref="Nodes"/>.</summary>
    public int IndexOf(string name) => _indexes[name];

    /// <summary>The machine with that name, or null.</summary>
    public SimNode? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Starts booting a machine; false while it is shutting down (as cluessim).</summary>
    public bool PowerOn(SimNode node)
    {
        switch (node.State)
        {
            case SimNodeState.PowOff:
                return false;
            case SimNodeState.On or SimNodeState.PowOn:
                return true;
        }
        node.State = SimNodeState.PowOn;
        var delay = options.PowerOnDelayMin + random.NextDouble() * (options.PowerOnDelayMax - options.PowerOnDelayMin);
        loop.AddOneShot($"node {node.Name} powered on", delay, _ =>
        {
            // KEEP (cluessim): the failure draw uses the same form as CLUES (random() > 1 - p).
            node.State = random.NextDouble() > 1 - options.PowerOnFailureProbability ? SimNodeState.Off : SimNodeState.On;
            return ValueTask.CompletedTask;
        });
        return true;
    }

    /// <summary>Starts shutting a machine down; always accepted (as cluessim).</summary>
    public bool PowerOff(SimNode node)
    {
        node.State = SimNodeState.PowOff;
        var delay = options.PowerOffDelayMin + random.NextDouble() * (options.PowerOffDelayMax - options.PowerOffDelayMin);
        loop.AddOneShot($"node {node.Name} powered off", delay, _ =>
        {
            node.State = SimNodeState.Off;
            return ValueTask.CompletedTask;
        });
        return true;
    }
}
