using Clues.Core.Model;
using Clues.Plugins.Sge;
using NUnit.Framework;
using static Clues.Tests.Plugins.Sge.SgeTestData;

namespace Clues.Tests.Plugins.Sge;

/// <summary>Hosts from real <c>qhost -xml -q</c> outputs (lab captures), and monitoring failures.</summary>
[TestFixture]
public sealed class SgeNodeTests
{
    private const double GiB = 1024d * 1024 * 1024;

    private static async Task<Dictionary<string, NodeInfo>> NodesAsync(string capture, ScriptedSgeCommands? commands = null)
    {
        commands ??= WithLabGroups();
        commands.On(Hosts, Lab(capture));
        return (await Plugin(commands).GetNodesAsync(CancellationToken.None)).ToDictionary(n => n.Name);
    }

    [Test]
    public async Task GetNodes_Idle_ReportsEveryExecutionHostButGlobal()
    {
        var nodes = await NodesAsync("lab-qhost-idle.xml");

        Assert.That(nodes.Keys, Is.EqualTo(new[] { "sgelab1", "sgelab2" }));
        var node = nodes["sgelab1"];
        Assert.Multiple(() =>
        {
            Assert.That(node.State, Is.EqualTo(NodeState.Idle));
            Assert.That((node.SlotsCount, node.SlotsFree), Is.EqualTo((2d, 2d)));
            Assert.That(node.MemoryTotal, Is.EqualTo(23.5 * GiB));
            Assert.That(node.MemoryFree, Is.EqualTo((23.5 - 2.1) * GiB).Within(1));
            Assert.That(node.Keywords["hostname"].ToPythonRepr(), Is.EqualTo("'sgelab1'"));
            Assert.That(node.Keywords["queues"].ToPythonRepr(), Is.EqualTo("['all.q']"));
            Assert.That(node.Keywords["hostgroups"].ToPythonRepr(), Is.EqualTo("['@allhosts']"));
        });
    }

    [Test]
    public async Task GetNodes_OneOfTwoSlotsUsed_IsUsedNeverIdle()
    {
        // grycap/clues#97: a host running a job on some of its slots must not look idle, or it is powered off.
        var nodes = await NodesAsync("lab-qhost-one-slot-used.xml");

        Assert.That((nodes["sgelab1"].State, nodes["sgelab1"].SlotsFree), Is.EqualTo((NodeState.Used, 1d)));
        Assert.That(nodes["sgelab2"].State, Is.EqualTo(NodeState.Idle));
    }

    [Test]
    public async Task GetNodes_QueueDisabledWhileAJobRuns_StaysUsedWithNoFreeSlots()
    {
        // FIX #97: CLUES skipped the used slots of a disabled queue, so this host was IDLE under its job.
        var node = (await NodesAsync("lab-qhost-disabled-while-running.xml"))["sgelab1"];

        Assert.That((node.State, node.SlotsCount, node.SlotsFree), Is.EqualTo((NodeState.Used, 0d, 0d)));
    }

    [Test]
    public async Task GetNodes_ExecdDown_IsOffWithItsConfiguredSlots()
    {
        var node = (await NodesAsync("lab-qhost-host-down.xml"))["sgelab2"];

        Assert.That((node.State, node.SlotsCount, node.SlotsFree), Is.EqualTo((NodeState.Off, 2d, 2d)));
        Assert.That(node.MemoryTotal, Is.EqualTo(23.5 * GiB), "the last total known stays, so memory requests can power it on");
    }

    [Test]
    public async Task GetNodes_AllSlotsUsed_IsUsedWithNoFreeSlots()
    {
        var nodes = await NodesAsync("lab-qhost-full.xml");

        Assert.That((nodes["sgelab1"].State, nodes["sgelab1"].SlotsFree), Is.EqualTo((NodeState.Used, 0d)));
        Assert.That(nodes["sgelab2"].State, Is.EqualTo(NodeState.Off));
    }

    [Test]
    public async Task GetNodes_MemoryNeverReported_IsUnknownNotZero()
    {
        var nodes = await NodesAsync("lab-qhost-idle.xml", new ScriptedSgeCommands().Fails(HostGroups, "exited with code 1; stderr: no host group list defined"));
        var xml = """
            <qhost><host name='wn1'><hostvalue name='load_avg'>-</hostvalue><hostvalue name='mem_total'>-</hostvalue>
            <queue name='all.q'><queuevalue qname='all.q' name='slots'>4</queuevalue><queuevalue qname='all.q' name='state_string'>au</queuevalue></queue></host></qhost>
            """;
        var fresh = await NodesAsync("lab-qhost-idle.xml", new ScriptedSgeCommands().On(HostGroups, "").On(Hosts, xml));

        Assert.That(nodes["sgelab1"].Keywords["hostgroups"].ToPythonRepr(), Is.EqualTo("[]"), "no host group defined is not a failure");
        Assert.That((fresh["wn1"].State, fresh["wn1"].MemoryTotal, fresh["wn1"].SlotsCount), Is.EqualTo((NodeState.Off, -1d, 4d)));
    }

    [Test]
    public async Task GetNodes_NestedOrWrappedHostGroups_GivesEveryGroupOfTheHost()
    {
        var commands = new ScriptedSgeCommands()
            .On(HostGroups, "@allhosts\n@fast\n")
            .On(AllHosts, "sgelab1 sgelab2\n")
            .On("/usr/bin/qconf -shgrp_resolved @fast", "sgelab2 \\\n  other\n");

        var nodes = await NodesAsync("lab-qhost-idle.xml", commands);

        Assert.That(nodes["sgelab2"].Keywords["hostgroups"].ToPythonRepr(), Is.EqualTo("['@allhosts', '@fast']"));
        Assert.That(nodes["sgelab1"].Keywords["hostgroups"].ToPythonRepr(), Is.EqualTo("['@allhosts']"));
    }

    [Test]
    public void GetNodes_HostGroupListingFails_IsAMonitoringFailure()
    {
        var commands = new ScriptedSgeCommands().Fails(HostGroups, "exited with code 1; stderr: error: commlib error: got select error (Connection refused)");

        var ex = Assert.ThrowsAsync<SgeCommandException>(() => NodesAsync("lab-qhost-idle.xml", commands));

        Assert.That(ex!.Message, Does.Contain(HostGroups).And.Contain("Connection refused"));
    }

    [Test]
    public void GetNodes_QhostFails_ThrowsNamingTheCommand()
    {
        var commands = WithLabGroups().Fails(Hosts, "exited with code 1; stderr: error: unable to contact qmaster");

        var ex = Assert.ThrowsAsync<SgeCommandException>(() => Plugin(commands).GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(Hosts).And.Contain("unable to contact qmaster"));
    }

    [TestCase("error: commlib error: access denied", "readable XML")]
    [TestCase("<?xml version='1.0'?>\n<job_info></job_info>", "not <qhost>")]
    [TestCase("<qhost>\n<host name='a'/>\n<host name='a'/>\n</qhost>", "line 3: host a is listed twice")]
    [TestCase("<qhost>\n<host>\n</host></qhost>", "line 2: it has no name=")]
    [TestCase("<qhost><host name='a b'/></qhost>", "'a b' is not a host name")]
    [TestCase("<qhost><host name='a'><queue name='all.q'><queuevalue name='slots'>-2</queuevalue></queue></host></qhost>", "all.q slots '-2' is not a count")]
    [TestCase("<qhost><host name='a'><hostvalue name='mem_total'>lots</hostvalue></host></qhost>", "mem_total 'lots' is not a memory size")]
    [TestCase("<!DOCTYPE qhost [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><qhost><host name='&x;'/></qhost>", "readable XML")]
    public void GetNodes_UnreadableOutput_IsAMonitoringFailureNamingWhatIsWrong(string output, string expected)
    {
        var commands = WithLabGroups().On(Hosts, output);

        var ex = Assert.ThrowsAsync<SgeFormatException>(() => Plugin(commands).GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(Hosts).And.Contain(expected));
    }

    [TestCase("sgelab1\n", "not a host group name")]
    [TestCase("@ok\n@bad;rm -rf\n", "at line 2")]
    public void GetNodes_BadHostGroupNames_AreRefusedBeforeTheyReachACommand(string listing, string expected)
    {
        var commands = new ScriptedSgeCommands().On(HostGroups, listing).On(Hosts, Lab("lab-qhost-idle.xml"));

        var ex = Assert.ThrowsAsync<SgeFormatException>(() => Plugin(commands).GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(expected));
        Assert.That(commands.Runs, Is.EqualTo(new[] { HostGroups }));
    }

    [TestCase("23.5G", 23.5 * 1024 * 1024 * 1024)]
    [TestCase("512M", 512d * 1024 * 1024)]
    [TestCase("100k", 100_000d)]
    [TestCase("2g", 2e9)]
    [TestCase("4096", 4096d)]
    [TestCase("0.0", 0d)]
    public void Memory_SgeUnits_AreBytes(string text, double bytes)
    {
        Assert.That(SgeMemory.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(bytes).Within(0.5));
    }

    [TestCase("")]
    [TestCase("G")]
    [TestCase("-1G")]
    [TestCase("1e400")]
    [TestCase("lots")]
    public void Memory_Unreadable_IsRefused(string text) => Assert.That(SgeMemory.TryParse(text, out _), Is.False);
}
