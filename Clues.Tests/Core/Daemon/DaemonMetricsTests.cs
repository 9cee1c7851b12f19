using System.Text;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Core.Persistence;
using ScriptedHarness = Clues.Tests.Core.Persistence.DaemonHarness;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>The daemon's counters behind <c>/metrics</c>, driven by a real daemon on virtual time.</summary>
[TestFixture]
public sealed class DaemonMetricsTests
{
    [Test, CancelAfter(10_000)]
    public async Task Metrics_RequestPowersANodeOn_CountsActionWaitAndPowerOnTime(CancellationToken ct)
    {
        using var store = new InMemoryCluesStore();
        var lrms = new ScriptedLrms();
        lrms.States["wn1"] = NodeState.Off;
        await using var harness = ScriptedHarness.Create(store, lrms, new RecordingPowerManager(), 0);
        await harness.TickAsync(0, ct);
        harness.CreateRequest(1, 1024);

        await harness.TickAsync(5, ct);   // PowOn_Requests case 4: wn1 powered on
        lrms.States["wn1"] = NodeState.Idle;
        await harness.TickAsync(20, ct);  // seen on after DELAY_POWON: the request is served
        var metrics = harness.Daemon.Metrics;
        var text = new StringBuilder();
        metrics.WritePrometheus(text);

        Assert.That(metrics.PowerActions("on", "started"), Is.EqualTo(1));
        Assert.That(metrics.PowerActions("on", "succeeded"), Is.EqualTo(1));
        Assert.That(metrics.PowerActions("on", "failed"), Is.Zero);
        Assert.That(text.ToString(), Does.Contain("clues_node_power_on_seconds_count 1\nclues_node_power_on_seconds_sum 15\n"));
        Assert.That(text.ToString(), Does.Contain("clues_request_wait_seconds_count 1\nclues_request_wait_seconds_sum 20\n"));
    }
}
