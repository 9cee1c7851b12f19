using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.OpenNebula;
using Clues.Plugins.OpenNebula.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.OpenNebula;

/// <summary>
/// <c>cluesplugins.one</c> and <c>cluesplugins.onetemplate</c> as power managers against <see cref="FakeOneApi"/>:
/// VMs created from the template text or a registered template, matched to nodes by IP, shut down, guessed,
/// forgotten and dropped on the plugin's clock.
/// </summary>
[TestFixture]
public sealed class OneVirtualClusterPowerManagerTests
{
    internal const string Template = """
        NAME="%%h"
        CPU="1"
        MEMORY="512"
        NIC=[IP="%%a",NETWORK_ID="14"]
        """;

    private FakeOneApi _api = null!;
    private string _directory = "";
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeOneApi.StartAsync();
        _directory = Path.Combine(Path.GetTempPath(), "clues-one-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(HostsFile, "# the virtual cluster\n10.0.0.1 vnode1\n10.0.0.2\tvnode2\nbroken line here\n");
        _time = new FakeTimeProvider(new DateTimeOffset(2024, 6, 3, 10, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string HostsFile => Path.Combine(_directory, "virtualonecluster.hosts");

    internal static OneVirtualClusterOptions Options(FakeOneApi api, string hostsFile, double drop = 120, double forget = 30, double guess = 30) => new()
    {
        Connection = new OneConnection(api.Endpoint, "clues:cluespass", TimeSpan.FromSeconds(30)),
        HostsFile = hostsFile,
        Template = Template,
        TemplateId = "7",
        DropFailingVms = drop,
        ForgetMissingVms = OneVirtualClusterOptions.ForgetFor(drop, forget),
        GuessVmsTime = guess,
    };

    private OneVirtualClusterPowerManager One(double drop = 120, double forget = 30, double guess = 30) =>
        new(Options(_api, HostsFile, drop, forget, guess), new OneClient(new HttpClient(), Options(_api, HostsFile).Connection, _time), NullLogger.Instance, _time);

    private OneTemplatePowerManager OneTemplate() =>
        new(Options(_api, HostsFile), new OneClient(new HttpClient(), Options(_api, HostsFile).Connection, _time), NullLogger.Instance, _time);

    [Test]
    public async Task PowerOn_AllocatesTheTemplateWithTheNodesNameAndIp_AndTracksTheVm()
    {
        using var one = One();

        var result = await one.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerResult.Ok("vnode1")));
        var vm = _api.Vms.Single();
        Assert.That(vm.Template, Is.EqualTo("NAME=\"vnode1\"\nCPU=\"1\"\nMEMORY=\"512\"\nNIC=[IP=\"10.0.0.1\",NETWORK_ID=\"14\"]"));
        Assert.That(_api.Calls, Is.EqualTo(new[] { "one.system.version", $"one.vm.allocate {vm.Template} False", "one.vm.info 0" }),
            "OpenNebula 4 and later take the hold flag, false");
        Assert.That(one.TrackedVms["vnode1"].VmId, Is.EqualTo(vm.Id));
    }

    [Test]
    public async Task PowerOn_OpenNebulaBefore4_AllocatesWithoutTheHoldFlag()
    {
        _api.Version = "3.8.4";
        using var one = One();

        Assert.That((await one.PowerOnAsync("vnode2", CancellationToken.None)).Success, Is.True);

        Assert.That(_api.Calls[1], Does.StartWith("one.vm.allocate NAME=\"vnode2\"").And.EndsWith("]"));
    }

    [Test]
    public async Task PowerOn_RefusedByOpenNebula_IsAFailedPowerOnWithItsReason()
    {
        _api.CreationRefusal = "User [2] : user VM quota exceeded.";
        using var one = One();

        var result = await one.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("could not create the VM").And.Contain("user VM quota exceeded").And.Contain("error 16384"));
        Assert.That(one.TrackedVms, Is.Empty);
    }

    [Test]
    public async Task PowerOn_NodeNotInTheHostsFile_Fails()
    {
        using var one = One();

        var result = await one.PowerOnAsync("wn9", CancellationToken.None);

        Assert.That(result.Error, Does.Contain("wn9 is not in the virtual cluster's hosts file " + HostsFile));
        Assert.That(_api.Calls, Is.Empty);
    }

    [Test]
    public async Task PowerOn_NodeThatHasAVm_IsRefusedByOne_ButNotByOneTemplate()
    {
        _api.Templates.Add((7, "worker", new Queue<string>(["10.0.0.1", "10.0.0.2"])));
        using var one = One();
        using var template = OneTemplate();
        await one.PowerOnAsync("vnode1", CancellationToken.None);
        await template.PowerOnAsync("vnode1", CancellationToken.None);

        var again = await one.PowerOnAsync("vnode1", CancellationToken.None);
        var other = await template.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(again.Success, Is.False);
        Assert.That(again.Error, Does.Contain("VM 0 with IP 10.0.0.1 is believed to be vnode1 already"));
        Assert.That(other, Is.EqualTo(PowerResult.Ok("vnode2")), "OpenNebula gave the next IP, so the node powered on is vnode2");
        Assert.That(template.TrackedVms.Keys, Is.EquivalentTo(new[] { "vnode1", "vnode2" }));
    }

    [Test]
    public async Task OneTemplate_InstantiatesTheRegisteredTemplate_ByIdOrName()
    {
        _api.Templates.Add((3, "other", new Queue<string>()));
        _api.Templates.Add((7, "worker", new Queue<string>(["10.0.0.2"])));
        using var byId = OneTemplate();

        var result = await byId.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerResult.Ok("vnode2")));
        Assert.That(_api.Calls, Does.Contain("one.template.instantiate 7  False "));
    }

    [Test]
    public async Task OneTemplate_UnknownTemplate_FailsListingTheVisibleOnes()
    {
        _api.Templates.Add((3, "other", new Queue<string>()));
        using var template = OneTemplate();

        var result = await template.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(result.Error, Does.Contain("no template '7'").And.Contain("3 (other)"));
    }

    [Test]
    public async Task PowerOn_VmWithAnIpOutsideTheHostsFile_StillSucceedsForTheNodeAskedFor()
    {
        _api.Templates.Add((7, "worker", new Queue<string>(["192.168.1.99"])));
        using var template = OneTemplate();

        var result = await template.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerResult.Ok("vnode1")), "KEEP: the VM exists and may still join");
        Assert.That(template.TrackedVms, Is.Empty);
    }

    [TestCase("6.8.0", "terminate")]
    [TestCase("4.14.2", "shutdown")]
    public async Task PowerOff_ShutsDownTheVmHoldingTheNodesIp_WithTheVersionsActionName(string version, string action)
    {
        _api.Version = version;
        _api.AddVm("other", FakeVm.Active, "10.0.0.9");
        var vm = _api.AddVm("by-hand", FakeVm.Active, "10.0.0.2");
        using var one = One();

        var result = await one.PowerOffAsync("vnode2", CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerResult.Ok("vnode2")));
        Assert.That(_api.Calls, Does.Contain($"one.vm.action {action} {vm.Id}"));
        Assert.That(_api.Vm(vm.Id).State, Is.EqualTo(FakeVm.Done));
        Assert.That(one.TrackedVms["vnode2"].VmId, Is.EqualTo(vm.Id), "an untracked VM is tracked until it is gone");
    }

    [Test]
    public async Task Recover_DeletesTheVm()
    {
        var vm = _api.AddVm("w", FakeVm.Active, "10.0.0.1");
        using var one = One();

        Assert.That(await one.RecoverAsync("vnode1", CancellationToken.None), Is.True);

        Assert.That(_api.Calls, Does.Contain($"one.vm.action terminate-hard {vm.Id}"));
    }

    [Test]
    public async Task PowerOff_WithoutAVm_OrWithTheVmListUnavailable_FailsWithoutThrowing()
    {
        using var one = One();

        var none = await one.PowerOffAsync("vnode1", CancellationToken.None);
        _api.Session = "someone:else";
        var refused = await one.PowerOffAsync("vnode1", CancellationToken.None);

        Assert.That(none.Error, Does.Contain("no VM OpenNebula lists has vnode1's IP 10.0.0.1"));
        Assert.That(refused.Error, Does.Contain("could not stop vnode1's VM").And.Contain("authenticated"), "FIX: CLUES raised on a missing VM list");
    }

    [Test]
    public async Task MissingHostsFile_FailsEachActionNamingTheKey_UntilItAppears()
    {
        var missing = Path.Combine(_directory, "later.hosts");
        using var one = new OneVirtualClusterPowerManager(Options(_api, missing), new OneClient(new HttpClient(), Options(_api, missing).Connection, _time),
            NullLogger.Instance, _time);

        var before = await one.PowerOnAsync("vnode1", CancellationToken.None);
        File.Copy(HostsFile, missing);
        var after = await one.PowerOnAsync("vnode1", CancellationToken.None);

        Assert.That(before.Error, Does.Contain(missing).And.Contain("([ONE VIRTUAL CLUSTER] ONE_VIRTUAL_CLUSTER_HOSTS_FILE) cannot be read"));
        Assert.That(after.Success, Is.True, "FIX: CLUES exited the daemon instead");
    }

    [Test]
    public async Task Lifecycle_AdoptsRunningVmsWithAKnownIp_ScansAtMostEveryGuessTime_AndForgetsVmsNoLongerListed()
    {
        var vm = _api.AddVm("by-hand", FakeVm.Active, "10.0.0.2");
        _api.AddVm("stopped", 8, "10.0.0.1"); // POWEROFF: not adopted
        using var one = One();

        await one.LifecycleAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        await one.LifecycleAsync(CancellationToken.None);

        Assert.That(one.TrackedVms.Keys, Is.EqualTo(new[] { "vnode2" }));
        Assert.That(one.TrackedVms["vnode2"].VmId, Is.EqualTo(vm.Id));
        Assert.That(_api.Calls.Count(c => c.StartsWith("one.vmpool.info", StringComparison.Ordinal)), Is.EqualTo(1));

        _api.Edit(() => vm.State = FakeVm.Done);
        _time.Advance(TimeSpan.FromSeconds(1));
        await one.LifecycleAsync(CancellationToken.None); // scanned at 30 s: not listed, seen 30 s ago
        Assert.That(one.TrackedVms, Contains.Key("vnode2"));
        _time.Advance(TimeSpan.FromSeconds(30));
        await one.LifecycleAsync(CancellationToken.None); // 60 s: not seen for more than FORGET

        Assert.That(one.TrackedVms, Is.Empty);
    }

    [Test]
    public async Task Lifecycle_ShutsDownATrackedVmWhoseNodeStaysOffForDrop_OnceEveryDrop()
    {
        var system = new StubSystem();
        using var one = One(drop: 120, guess: 1000);
        one.Attach(system);
        await one.PowerOnAsync("vnode1", CancellationToken.None);
        var id = one.TrackedVms["vnode1"].VmId;
        _api.Edit(() => _api.Vm(id).State = FakeVm.Active);

        system.Nodes = [new NodeView("vnode1", NodeState.Idle, true, 0), new NodeView("vnode2", NodeState.Idle, true, 0)];
        await one.LifecycleAsync(CancellationToken.None); // seen on: monitored now
        system.Nodes = [new NodeView("vnode1", NodeState.Off, true, 0)];
        _time.Advance(TimeSpan.FromSeconds(120));
        await one.LifecycleAsync(CancellationToken.None);
        Assert.That(_api.Calls, Has.None.StartsWith("one.vm.action"), "off for exactly DROP: not yet");

        _time.Advance(TimeSpan.FromSeconds(1));
        await one.LifecycleAsync(CancellationToken.None);
        await one.LifecycleAsync(CancellationToken.None);

        Assert.That(_api.Calls.Where(c => c.StartsWith("one.vm.action", StringComparison.Ordinal)), Is.EqualTo(new[] { $"one.vm.action terminate {id}" }),
            "a plain shutdown, and not again before another DROP");
    }

    [TestCase(true, -1)]
    [TestCase(false, 120)]
    public async Task Lifecycle_NeverDropsWhenDisabledOrTheNodeIsDisabled(bool enabled, double drop)
    {
        var system = new StubSystem();
        using var one = One(drop: drop, guess: 1000);
        one.Attach(system);
        await one.PowerOnAsync("vnode1", CancellationToken.None);

        system.Nodes = [new NodeView("vnode1", NodeState.OffErr, enabled, 0)];
        _time.Advance(TimeSpan.FromSeconds(1000));
        await one.LifecycleAsync(CancellationToken.None);

        Assert.That(_api.Calls, Has.None.StartsWith("one.vm.action"));
    }

    [Test]
    public void ForgetTime_IsKeptBelowDrop_AsCluesCorrectsIt()
    {
        Assert.That(OneVirtualClusterOptions.ForgetFor(120, 30), Is.EqualTo(30));
        Assert.That(OneVirtualClusterOptions.ForgetFor(120, 300), Is.EqualTo(121));
        Assert.That(OneVirtualClusterOptions.ForgetFor(-1, 30), Is.EqualTo(0));
    }

    internal sealed class StubSystem : ICluesSystem
    {
        public IReadOnlyList<NodeView> Nodes { get; set; } = [];

        public IReadOnlyList<NodeView> GetNodes() => Nodes;
    }
}
