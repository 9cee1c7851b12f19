using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// Node monitoring alone (spec §1.5, §2.9): merging LRMS reports into the managed nodes, the power timeouts, the
/// enable flags and what is written to the store, on an in-memory store without a daemon or loop.
/// </summary>
[TestFixture]
public sealed class NodeMonitorTests
{
    private InMemoryCluesStore _store = null!;

    [SetUp]
    public void CreateStore() => _store = new InMemoryCluesStore();

    [TearDown]
    public void DisposeStore() => _store.Dispose();

    private NodeMonitor Monitor(GeneralOptions? general = null, MonitoringOptions? monitoring = null)
    {
        monitoring ??= new MonitoringOptions();
        return new NodeMonitor(new DaemonStateStore(_store), new NodeRules(monitoring, null, NullLogger.Instance),
            general ?? new GeneralOptions(), monitoring, NullLogger.Instance);
    }

    private static NodeInfo Info(string name, NodeState state, double slotsFree = 2) => new(name, 2, slotsFree, 1024, 1024, state: state);

    [Test]
    public void Apply_BeforeAnyReport_KnowsNoNodes()
    {
        var monitor = Monitor();

        Assert.That(monitor.HasReport, Is.False);
        Assert.That(monitor.Nodes, Is.Empty);
        Assert.That(monitor.Timestamp, Is.EqualTo(-1));
        Assert.That(monitor.Find("wn1"), Is.Null);
    }

    [Test]
    public void Apply_FirstReport_CreatesNodesInLrmsOrderAndSavesTheirResumeState()
    {
        var monitor = Monitor();

        monitor.Apply([Info("wn2", NodeState.Idle), Info("wn1", NodeState.Off)], now: 5);

        Assert.That(monitor.HasReport, Is.True);
        Assert.That(monitor.Timestamp, Is.EqualTo(5));
        Assert.That(monitor.Nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[] { ("wn2", NodeState.Idle), ("wn1", NodeState.Off) }));
        Assert.That(monitor.Find("wn1"), Is.SameAs(monitor.Nodes[1]));
        Assert.That(monitor.List.Select(n => n.Name), Is.EqualTo(new[] { "wn2", "wn1" }));
        Assert.That(_store.LatestNodes(), Is.Empty, "the nodes of the first report get their host_monitoring row at their first change");
        Assert.That(_store.LoadNodeStates().Keys, Is.EquivalentTo(new[] { "wn1", "wn2" }));
    }

    [Test]
    public void Apply_FirstReport_StoredHostsTheLrmsNoLongerNamesComeBackUnknownWithTheirLastResources()
    {
        var earlier = new Node(new NodeInfo("old", 8, 3, 4096, 2048, state: NodeState.Idle), 0, NodeRules.Default);
        _store.StoreNode(earlier, 1);
        _store.SetHostEnabled("never-seen", true);
        var monitor = Monitor();

        monitor.Apply([Info("wn1", NodeState.Idle)], now: 100);

        Assert.That(monitor.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "old", "never-seen" }));
        var old = monitor.Find("old")!;
        Assert.That(old.State, Is.EqualTo(NodeState.Unknown));
        Assert.That((old.SlotsCount, old.SlotsFree, old.MemoryTotal, old.MemoryFree), Is.EqualTo((8.0, 3.0, 4096.0, 2048.0)));
        Assert.That(monitor.Find("never-seen")!.SlotsCount, Is.EqualTo(-1), "a host without a stored row has no known resources");
    }

    [Test]
    public void Apply_LaterReports_OnlyChangedNodesGetANewRow()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn2", NodeState.Idle)], now: 0);

        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn2", NodeState.Used, slotsFree: 0)], now: 10);

        Assert.That(_store.LatestNodes().ContainsKey("wn1"), Is.False, "unchanged: no row");
        Assert.That(_store.LatestNodes()["wn2"].Timestamp, Is.EqualTo(10));
        Assert.That(_store.LoadHosts(), Is.EqualTo(new[] { ("wn2", true) }), "a node with a row is registered as an enabled host");
        Assert.That(monitor.Find("wn2")!.State, Is.EqualTo(NodeState.Used));
    }

    [Test]
    public void Apply_NodeMissingFromReport_GoesUnknownOnce()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn2", NodeState.Idle)], now: 0);

        monitor.Apply([Info("wn1", NodeState.Idle)], now: 10);
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 20);

        Assert.That(monitor.Find("wn2")!.State, Is.EqualTo(NodeState.Unknown));
        Assert.That(monitor.Find("wn2")!.TimestampState, Is.EqualTo(10), "an UNKNOWN node is not set UNKNOWN again");
        Assert.That(_store.LatestNodes()["wn2"].Timestamp, Is.EqualTo(10));
    }

    [Test]
    public void Apply_NewNodeAppears_IsAddedAfterTheOthersAndTheNameIndexIsRebuilt()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);
        var before = monitor.List;

        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn3", NodeState.Off)], now: 10);

        Assert.That(monitor.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn3" }));
        Assert.That(monitor.List, Is.Not.SameAs(before));
        Assert.That(monitor.List.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn3" }));
        Assert.That(monitor.Nodes[1].Id, Is.GreaterThan(monitor.Nodes[0].Id), "ids grow in order of appearance");
        Assert.That(_store.LatestNodes()["wn3"].Timestamp, Is.EqualTo(10));
    }

    [Test]
    public void Apply_SameNodes_KeepsTheNameIndex()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);
        var before = monitor.List;

        monitor.Apply([Info("wn1", NodeState.Used, slotsFree: 0)], now: 10);

        Assert.That(monitor.List, Is.SameAs(before));
    }

    [Test]
    public void Apply_PowerOnLongerThanMaxWaitPowerOn_GoesOffErr()
    {
        var monitor = Monitor(monitoring: new MonitoringOptions { MaxWaitPowerOn = 100, MaxWaitPowerOff = 1000 });
        monitor.Apply([Info("wn1", NodeState.Off), Info("wn2", NodeState.Off)], now: 0);
        monitor.Find("wn1")!.SetState(NodeState.PowOn, 0);
        monitor.Find("wn2")!.SetState(NodeState.PowOn, 50);

        monitor.Apply([Info("wn1", NodeState.Off), Info("wn2", NodeState.Off)], now: 120);

        Assert.That(monitor.Find("wn1")!.State, Is.EqualTo(NodeState.OffErr), "120 s powering on, past 100");
        Assert.That(monitor.Find("wn2")!.State, Is.EqualTo(NodeState.PowOn), "70 s: still within MAX_WAIT_POWERON");
        Assert.That(_store.LatestNodes()["wn1"].State, Is.EqualTo((int)NodeState.OffErr));
    }

    [Test]
    public void Apply_PowerOffLongerThanMaxWaitPowerOff_GoesOnErr()
    {
        var monitor = Monitor(monitoring: new MonitoringOptions { MaxWaitPowerOn = 1000, MaxWaitPowerOff = 100 });
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);
        monitor.Find("wn1")!.SetState(NodeState.PowOff, 0);

        monitor.Apply([Info("wn1", NodeState.Idle)], now: 101);

        Assert.That(monitor.Find("wn1")!.State, Is.EqualTo(NodeState.OnErr));
        Assert.That(_store.LoadNodeStates()["wn1"].State, Is.EqualTo(NodeState.OnErr), "the resume state follows");
    }

    [Test]
    public void Apply_NodeFirstSeen_GetsTheStateThePreviousRunSaved()
    {
        _store.SaveNodeStates([new StoredNodeState("wn1", NodeState.PowOn, 40, 30, 20, 1, 2)]);
        var state = new DaemonStateStore(_store);
        Assert.That(state.LoadNodeStates(), Is.EqualTo(1));
        var monitoring = new MonitoringOptions();
        var monitor = new NodeMonitor(state, new NodeRules(monitoring, null, NullLogger.Instance), new GeneralOptions(), monitoring, NullLogger.Instance);

        monitor.Apply([Info("wn1", NodeState.Off), Info("wn2", NodeState.Off)], now: 50);

        var node = monitor.Find("wn1")!;
        Assert.That((node.State, node.TimestampState, node.PowerOnOperationFailed, node.PowerOffOperationFailed),
            Is.EqualTo((NodeState.PowOn, 40.0, 1, 2)), "restored before the report is merged: still powering on");
        Assert.That(monitor.Find("wn2")!.State, Is.EqualTo(NodeState.Off));
    }

    [Test]
    public void EnableFlags_DisabledHosts_DisablesTheNamedNodes()
    {
        var monitor = Monitor(new GeneralOptions { DisabledHosts = "wn2 wn3" });

        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn2", NodeState.Idle)], now: 0);

        Assert.That(monitor.Find("wn1")!.Enabled, Is.True);
        Assert.That(monitor.Find("wn2")!.Enabled, Is.False);
    }

    [Test]
    public void EnableFlags_AutomaticEnabledRow_DoesNotOverrideDisabledHosts()
    {
        // FIX (spec §14 Q4): the "enabled" row every node gets at its first change does not win over the list.
        var general = new GeneralOptions { DisabledHosts = "wn1" };
        var first = Monitor(general);
        first.Apply([Info("wn1", NodeState.Idle)], now: 0);
        first.Apply([Info("wn1", NodeState.Used, slotsFree: 0)], now: 5);
        Assert.That(_store.LoadHosts(), Does.Contain(("wn1", true)));

        var restarted = Monitor(general);
        restarted.Apply([Info("wn1", NodeState.Used, slotsFree: 0)], now: 10);

        Assert.That(restarted.Find("wn1")!.Enabled, Is.False);
    }

    [Test]
    public void SetEnabled_ExplicitEnable_WinsOverDisabledHostsAndIsStored()
    {
        var monitor = Monitor(new GeneralOptions { DisabledHosts = "wn1" });
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);

        Assert.That(monitor.SetEnabled("wn1", true), Is.True);
        Assert.That(monitor.Find("wn1")!.Enabled, Is.True);
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 10);
        Assert.That(monitor.Find("wn1")!.Enabled, Is.True, "a later report keeps the explicit flag");
    }

    [Test]
    public void SetEnabled_Disable_WinsOverEverythingAndSurvivesARestart()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);

        Assert.That(monitor.SetEnabled("wn1", false), Is.True);

        Assert.That(monitor.Find("wn1")!.Enabled, Is.False);
        Assert.That(_store.LoadHosts(), Does.Contain(("wn1", false)));
        var restarted = Monitor();
        restarted.Apply([Info("wn1", NodeState.Idle)], now: 10);
        Assert.That(restarted.Find("wn1")!.Enabled, Is.False);
    }

    [Test]
    public void SetEnabled_UnknownNode_ReturnsFalseAndStoresNothing()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);

        Assert.That(monitor.SetEnabled("nope", false), Is.False);
        Assert.That(_store.LoadHosts().Select(h => h.Name), Does.Not.Contain("nope"));
    }

    [Test]
    public void EnableFlags_DisabledHostsChangedAtRunTime_AppliesAtTheNextReport()
    {
        var general = new GeneralOptions();
        var monitor = Monitor(general);
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);
        Assert.That(monitor.Find("wn1")!.Enabled, Is.True);

        general.DisabledHosts = "wn1";
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 10);

        Assert.That(monitor.Find("wn1")!.Enabled, Is.False);
    }

    [Test]
    public void Record_ANodeChangedOutsideMonitoring_WritesItsRowAndResumeState()
    {
        var monitor = Monitor();
        monitor.Apply([Info("wn1", NodeState.Off)], now: 0);
        var node = monitor.Find("wn1")!;
        node.SetState(NodeState.PowOn, 7);

        monitor.Record(node, 7);

        Assert.That(_store.LatestNodes()["wn1"], Has.Property(nameof(StoredNode.State)).EqualTo((int)NodeState.PowOn)
            .And.Property(nameof(StoredNode.Timestamp)).EqualTo(7));
        Assert.That(_store.LoadNodeStates()["wn1"].State, Is.EqualTo(NodeState.PowOn));
    }

    [Test]
    public void EnableFlags_NodeAppearingAfterUnchangedReports_GetsItsFlagFromDisabledHosts()
    {
        var monitor = Monitor(new GeneralOptions { DisabledHosts = "wn2" });
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 0);
        monitor.Apply([Info("wn1", NodeState.Idle)], now: 5);

        monitor.Apply([Info("wn1", NodeState.Idle), Info("wn2", NodeState.Off)], now: 10);

        Assert.That(monitor.Find("wn1")!.Enabled, Is.True);
        Assert.That(monitor.Find("wn2")!.Enabled, Is.False);
    }

    [Test]
    public void Apply_UnchangedNodesAfterARestore_WriteNoResumeStateAgain()
    {
        var first = Monitor();
        first.Apply([Info("wn1", NodeState.Off)], now: 0);
        var restarted = Monitor();
        restarted.Apply([Info("wn1", NodeState.Off)], now: 10);
        var written = _store.LoadNodeStates()["wn1"];

        restarted.Apply([Info("wn1", NodeState.Off)], now: 20);

        Assert.That(_store.LoadNodeStates()["wn1"], Is.SameAs(written).Or.EqualTo(written));
        Assert.That(restarted.Find("wn1")!.TimestampState, Is.EqualTo(written.TimestampState));
    }
}
