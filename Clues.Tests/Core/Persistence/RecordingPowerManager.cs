using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Power;

namespace Clues.Tests.Core.Persistence;

/// <summary>A power manager that records every call (second, action, node) and always succeeds.</summary>
internal sealed class RecordingPowerManager : IPowerManager
{
    public List<(double Second, string Action, string Node)> Calls { get; } = [];

    public double Now { get; set; }

    public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        Calls.Add((Now, "on", node));
        return Task.FromResult(PowerResult.Ok(node));
    }

    public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
    {
        Calls.Add((Now, "off", node));
        return Task.FromResult(PowerResult.Ok(node));
    }
}
