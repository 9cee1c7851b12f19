using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// The boot and shutdown times the daemon measured (<see cref="Node.LastBootSeconds"/>,
/// <see cref="Node.LastShutdownSeconds"/>): each node's own last measurement, else the mean of the other nodes'
/// (nodes of one cluster are often alike), else the configured figure.
/// </summary>
internal sealed class PowerTimings(double defaultBoot, double defaultShutdown)
{
    private readonly Dictionary<string, double> _boot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _shutdown = new(StringComparer.Ordinal);
    private double _bootSum;
    private double _shutdownSum;

    /// <summary>Takes the nodes' latest measurements.</summary>
    public void Update(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            if (node.LastBootSeconds is { } boot)
            {
                _bootSum += Replace(_boot, node.Name, boot);
            }
            if (node.LastShutdownSeconds is { } shutdown)
            {
                _shutdownSum += Replace(_shutdown, node.Name, shutdown);
            }
        }
    }

    /// <summary>Seconds <paramref name="node"/> takes to boot.</summary>
    public double Boot(string node) => Estimate(_boot, _bootSum, node, defaultBoot);

    /// <summary>Seconds <paramref name="node"/> takes to shut down.</summary>
    public double Shutdown(string node) => Estimate(_shutdown, _shutdownSum, node, defaultShutdown);

    /// <summary>The mean boot time over the nodes measured (the configured one before any).</summary>
    public double MeanBoot => _boot.Count > 0 ? _bootSum / _boot.Count : defaultBoot;

    /// <summary>The mean shutdown time over the nodes measured (the configured one before any).</summary>
    public double MeanShutdown => _shutdown.Count > 0 ? _shutdownSum / _shutdown.Count : defaultShutdown;

    // Returns the change of the sum.
    private static double Replace(Dictionary<string, double> values, string node, double value)
    {
        var old = values.TryGetValue(node, out var previous) ? previous : 0;
        values[node] = value;
        return value - old;
    }

    private static double Estimate(Dictionary<string, double> values, double sum, string node, double fallback) =>
        values.TryGetValue(node, out var own) ? own : values.Count > 0 ? sum / values.Count : fallback;
}
