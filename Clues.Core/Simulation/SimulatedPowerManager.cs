using Clues.Core.Model;
using Clues.Core.Power;

namespace Clues.Core.Simulation;

/// <summary>The simulator's power manager (cluessim <c>PowerManager_dummy</c>); also a minimal reference <see cref="IPowerManager"/>.</summary>
public sealed class SimulatedPowerManager(SimulatedCluster cluster) : IPowerManager
{
    /// <inheritdoc />
    public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken) =>
        Task.FromResult(cluster.Find(node) is { } n && cluster.PowerOn(n) ? PowerResult.Ok(node) : PowerResult.Failed(node, $"simulated node {node} refused to power on"));

    /// <inheritdoc />
    public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken) =>
        Task.FromResult(cluster.Find(node) is { } n && cluster.PowerOff(n) ? PowerResult.Ok(node) : PowerResult.Failed(node, $"simulated node {node} refused to power off"));
}
