using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Im;
using Clues.Plugins.Im.Radl;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Clues.Tests.Plugins.Im;

/// <summary>
/// The IM power manager against an IM REST API in the test process: every assertion of CLUES' test_im.py on the same
/// fixtures (auth.dat, tosca.yml, the RADL texts of the test), plus the spec's fixes.
/// </summary>
[TestFixture]
public sealed class ImPowerManagerTests
{
    private ImTestSupport _support = null!;
    private FakeImServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _support = new ImTestSupport();
        _server = await FakeImServer.StartAsync();
        _server.Authorization = ImTestSupport.FixtureHeader;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _support.Dispose();
    }

    private static NodeView Node(string name, NodeState state, bool enabled = true, double secondsInState = 0) =>
        new(name, state, enabled, secondsInState);

    [Test]
    public async Task InfrastructureId_NotConfigured_IsTheFirstOneImLists()
    {
        // test_get_inf_id: the first uri of GET /infrastructures.
        using var plugin = _support.Plugin(_server, configuredInfrastructure: false);
        _server.SetVm(0, "system front ( state = 'configured' )");

        await plugin.RefreshVmsAsync(CancellationToken.None);
        await plugin.RefreshVmsAsync(CancellationToken.None);

        Assert.That(_server.Requests.Where(r => r == "GET /infrastructures").Count(), Is.EqualTo(1), "the id is asked once and kept");
        Assert.That(_server.Requests, Does.Contain("GET /infrastructures/infid"));
    }

    [Test]
    public void InfrastructureUri_BareIdExpandsUnderTheApi_UrlKept()
    {
        var options = new ImOptions { RestApi = new Uri("http://im:8800"), InfrastructureId = "abc" };
        Assert.That(options.InfrastructureUri, Is.EqualTo(new Uri("http://im:8800/infrastructures/abc")));
        Assert.That((options with { InfrastructureId = "https://other/infrastructures/x" }).InfrastructureUri,
            Is.EqualTo(new Uri("https://other/infrastructures/x")));
    }

    [Test]
    public async Task RefreshVms_FollowsCluesTestGetVms()
    {
        // test_get_vms: VM 0 is the front end, VM 1 is named node-#N# → node-1.
        using var plugin = _support.Plugin(_server);
        var node = Node("node-1", NodeState.Idle);
        _support.Cluster.Set(node);
        _server.SetVm(0, "system front ( net_interface.0.dns_name = 'front' and state = 'configured' )");
        _server.SetVm(1, "system wn (\n net_interface.0.dns_name = 'node-#N#' and\n state = 'configured'\n)");
        _server.DeleteRemoves = false;

        await plugin.RefreshVmsAsync(CancellationToken.None);
        var vms = plugin.TrackedVms;
        Assert.That(vms.Keys, Is.EquivalentTo(new[] { "node-1" }));
        var vm = vms["node-1"];
        Assert.That(vm.Vm, Is.EqualTo(_server.Vm(1)));
        Assert.That(vm.LastState, Is.EqualTo("configured"));
        Assert.That(vm.Seen, Is.EqualTo(_support.Time.GetUtcNow()));
        Assert.That(vm.Created, Is.EqualTo(_support.Time.GetUtcNow()));

        // now = 200: the same object, seen again.
        _support.Time.Advance(TimeSpan.FromSeconds(100));
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(plugin.TrackedVms["node-1"], Is.SameAs(vm));
        Assert.That(vm.Seen, Is.EqualTo(_support.Time.GetUtcNow()));

        // unconfigured: the contextualization log is read and the VM recovered (deleted) once.
        _server.SetVmState(1, "unconfigured");
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(_server.Requests, Does.Contain("GET /infrastructures/infid/vms/1/contmsg"));
        Assert.That(Deletes(), Is.EqualTo(1));

        // The node disabled, the VM additional: not recovered again.
        _server.SetVm(1, "system wn (\n net_interface.0.dns_name = 'node-#N#' and\n state = 'unconfigured' and\n ec3_additional_vm = 'true'\n)");
        _support.Cluster.Set(node with { Enabled = false });
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(Deletes(), Is.EqualTo(1));

        // Enabled again, still additional: not recovered.
        _support.Cluster.Set(node);
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(Deletes(), Is.EqualTo(1));
        Assert.That(plugin.TrackedVms, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RefreshVms_FailedVm_IsDeleted_StoppedAndNamelessAreNotTracked()
    {
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "failed"));
        _server.SetVm(2, FakeImServer.WorkerRadl("node-2", "stopped"));
        _server.SetVm(3, "system wn ( state = 'running' )");

        await plugin.RefreshVmsAsync(CancellationToken.None);

        Assert.That(_server.Requests, Does.Contain("DELETE /infrastructures/infid/vms/1"));
        Assert.That(plugin.TrackedVms, Is.Empty, "the failed VM is deleted and forgotten; stopped and nameless VMs are not tracked");
    }

    [Test]
    public async Task RefreshVms_VmNotListedLongerThanForget_IsForgotten()
    {
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running"));
        await plugin.RefreshVmsAsync(CancellationToken.None);
        _server.RemoveVm(1);

        _support.Time.Advance(TimeSpan.FromSeconds(30));
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(plugin.TrackedVms.Keys, Is.EquivalentTo(new[] { "node-1" }), "not yet: 30 s is not more than FORGET (30)");

        _support.Time.Advance(TimeSpan.FromSeconds(1));
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(plugin.TrackedVms, Is.Empty);
    }

    [Test]
    public async Task Radl_FollowsCluesTestGetRadl()
    {
        // test_get_radl: node-2 from system wn, then with a contextualize section.
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, "system wn (\n net_interface.0.dns_name = 'node-#N#' and\n state = 'unconfigured' and\n ec3_additional_vm = 'true'\n)");
        _server.InfrastructureRadl = "system wn (\n net_interface.0.dns_name = 'node-#N#'\n)";

        Assert.That((await plugin.PowerOnAsync("node-2", CancellationToken.None)).Success, Is.True);
        var radl = RadlParser.Parse(_server.Posted[^1].Body);
        Assert.That(radl.Systems[0].Name, Is.EqualTo("node-2"));
        Assert.That(radl.Systems[0].GetValue("net_interface.0.dns_name"), Is.EqualTo("node-2"));
        Assert.That(radl.Systems[0].GetValue("ec3_class"), Is.EqualTo("wn"));
        Assert.That(radl.Deploys.Single(), Is.EqualTo(new RadlDeploy("node-2", 1)));
        Assert.That(_server.Posted[^1].ContentType, Does.StartWith("text/plain"));

        _server.RemoveVm(2);
        _server.InfrastructureRadl = "system wn (\n net_interface.0.dns_name = 'node-#N#'\n)\ncontextualize (\n system wn configure wn\n)";
        Assert.That((await plugin.PowerOnAsync("node-2", CancellationToken.None)).Success, Is.True);
        radl = RadlParser.Parse(_server.Posted[^1].Body);
        Assert.That(radl.ContextualizeItems, Is.EqualTo(new[] { new RadlContextualizeItem("node-2", "wn", 0) }));
    }

    [Test]
    public async Task PowerOn_FollowsCluesTestPowerOn()
    {
        // test_power_on: a node that has a VM is not launched again; another one is.
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running"));
        _server.InfrastructureRadl = "network public ( outbound = 'yes' )\nsystem wn ( net_interface.0.dns_name = 'node-#N#' )";

        var existing = await plugin.PowerOnAsync("node-1", CancellationToken.None);
        Assert.That(existing, Is.EqualTo(existing with { Success = false, NodeName = "node-1" }));
        Assert.That(existing.Error, Does.Contain("already has VM"));
        var fresh = await plugin.PowerOnAsync("node-2", CancellationToken.None);
        Assert.That(fresh, Is.EqualTo(PowerResult.Ok("node-2")));
        Assert.That(_server.Posted, Has.Count.EqualTo(1));
        Assert.That(_server.Posted[0].Body, Does.StartWith("network public\n"));
    }

    [Test]
    public async Task PowerOff_FollowsCluesTestPowerOff_DeleteThenStopForReuse()
    {
        // test_power_off: DELETE the VM; with ec3_reuse_nodes, PUT <vm>/stop.
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, "system node-1 (\n net_interface.0.dns_name = 'node-#N#' and state = 'running'\n)");
        await plugin.RefreshVmsAsync(CancellationToken.None);

        Assert.That(await plugin.PowerOffAsync("node-1", CancellationToken.None), Is.EqualTo(PowerResult.Ok("node-1")));
        Assert.That(_server.Requests[^1], Is.EqualTo("DELETE /infrastructures/infid/vms/1"));

        _server.SetVm(1, "system node-1 (\n net_interface.0.dns_name = 'node-#N#' and state = 'running' and\n ec3_reuse_nodes = 'true'\n)");
        await plugin.RefreshVmsAsync(CancellationToken.None);
        Assert.That(await plugin.PowerOffAsync("node-1", CancellationToken.None), Is.EqualTo(PowerResult.Ok("node-1")));
        Assert.That(_server.Requests[^1], Is.EqualTo("PUT /infrastructures/infid/vms/1/stop"));
        Assert.That(plugin.StoppedVms["node-1"], Is.EqualTo(_server.Vm(1)));
    }

    [Test]
    public async Task PowerOn_StoppedVmOfTheNode_IsStartedAgain_AndSurvivesARestart()
    {
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running", "ec3_reuse_nodes = 'yes'"));
        using (var first = _support.Plugin(_server))
        {
            await first.RefreshVmsAsync(CancellationToken.None);
            Assert.That((await first.PowerOffAsync("node-1", CancellationToken.None)).Success, Is.True);
        }

        // A new plugin reads the stopped VM from the database.
        using var plugin = _support.Plugin(_server);
        Assert.That(plugin.StoppedVms["node-1"], Is.EqualTo(_server.Vm(1)));
        Assert.That(await plugin.PowerOnAsync("node-1", CancellationToken.None), Is.EqualTo(PowerResult.Ok("node-1")));
        Assert.That(_server.Requests[^1], Is.EqualTo("PUT /infrastructures/infid/vms/1/start"));
        Assert.That(_server.Posted, Is.Empty, "no new VM");
    }

    [Test]
    public async Task PowerOff_ReuseFlagFalse_Deletes()
    {
        // FIX: CLUES took the string 'false' as true and stopped the VM.
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running", "ec3_reuse_nodes = 'false'"));
        await plugin.RefreshVmsAsync(CancellationToken.None);

        Assert.That((await plugin.PowerOffAsync("node-1", CancellationToken.None)).Success, Is.True);
        Assert.That(_server.Requests[^1], Is.EqualTo("DELETE /infrastructures/infid/vms/1"));
    }

    [Test]
    public async Task PowerOff_DestroyInterval_KeepsThePaidVmUntilTheSafeWindow()
    {
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running", "ec3_destroy_interval = 3600 and ec3_destroy_safe = 600"));
        await plugin.RefreshVmsAsync(CancellationToken.None);

        _support.Time.Advance(TimeSpan.FromSeconds(1000));
        var early = await plugin.PowerOffAsync("node-1", CancellationToken.None);
        Assert.That(early.Success, Is.False);
        Assert.That(early.Error, Does.Contain("ec3_destroy_interval"));
        Assert.That(_server.Requests, Has.None.StartsWith("DELETE"));

        _support.Time.Advance(TimeSpan.FromSeconds(2100)); // 3100 s old: 500 s of the hour left, under the 600 s safe window
        Assert.That((await plugin.PowerOffAsync("node-1", CancellationToken.None)).Success, Is.True);
        Assert.That(_server.Requests[^1], Is.EqualTo("DELETE /infrastructures/infid/vms/1"));
    }

    [Test]
    public async Task PowerOff_UnknownNode_Fails()
    {
        using var plugin = _support.Plugin(_server);
        var result = await plugin.PowerOffAsync("node-9", CancellationToken.None);
        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("no VM"));
    }

    [Test]
    public async Task Lifecycle_FollowsCluesTestLifecycle()
    {
        // test_lifecycle: the VM created (and recovered) at a time t0, now = t0 + 100, DROP 30.
        var t0 = _support.Time.GetUtcNow();
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, "system node-1 (\n net_interface.0.dns_name = 'node-#N#' and\n state = 'configured'\n)");
        _server.DeleteRemoves = false;
        await plugin.RefreshVmsAsync(CancellationToken.None);
        _support.Time.Advance(TimeSpan.FromSeconds(100));

        // 1: the node is idle: nothing to do.
        _support.Cluster.Set(Node("node-1", NodeState.Idle));
        Assert.That(await plugin.LifecycleAsync(CancellationToken.None), Is.True);
        Assert.That(plugin.TrackedVms["node-1"].Recovered, Is.EqualTo(t0));
        Assert.That(_server.Requests, Has.None.StartsWith("DELETE"));

        // 2: the node is OFF since t0 + 60 (40 s > DROP): the VM is recovered.
        _support.Cluster.Set(Node("node-1", NodeState.Off, secondsInState: 40));
        Assert.That(await plugin.LifecycleAsync(CancellationToken.None), Is.True);
        Assert.That(_server.Requests.Count(r => r == "DELETE /infrastructures/infid/vms/1"), Is.EqualTo(1));

        // 3: golden image: idle, ec3_golden_images = 1, configured, class wn, password pass.
        _server.SetVm(1, "system node-1 (\n net_interface.0.dns_name = 'node-#N#' and\n state = 'configured' and\n ec3_golden_images = 1 and\n" +
            " ec3_class = 'wn' and\n disk.0.os.credentials.password = 'pass'\n)");
        _server.SnapshotImage = "image";
        plugin.NewImageName = () => "im-uuid";
        _support.Cluster.Set(Node("node-1", NodeState.Idle));
        Assert.That(await plugin.LifecycleAsync(CancellationToken.None), Is.True);
        Assert.That(_server.Requests, Does.Contain("PUT /infrastructures/infid/vms/1/disks/0/snapshot?image_name=im-uuid&auto_delete=1"));
        Assert.That(plugin.GoldenImages["wn"], Is.EqualTo(new GoldenImage("image", "pass")));
        Assert.That(_server.Requests.Count(r => r.StartsWith("DELETE", StringComparison.Ordinal)), Is.EqualTo(1), "no second recovery");

        // The image is stored: a restarted plugin uses it for the class's next VMs.
        using var restarted = _support.Plugin(_server);
        Assert.That(restarted.GoldenImages["wn"], Is.EqualTo(new GoldenImage("image", "pass")));
        _server.InfrastructureRadl = "system wn ( net_interface.0.dns_name = 'node-#N#' and disk.0.image.url = 'one://server/1' )";
        Assert.That((await restarted.PowerOnAsync("node-2", CancellationToken.None)).Success, Is.True);
        var posted = RadlParser.Parse(_server.Posted[^1].Body).Systems[0];
        Assert.That(posted.GetValue("disk.0.image.url"), Is.EqualTo("image"));
        Assert.That(posted.GetValue("disk.0.os.credentials.password"), Is.EqualTo("pass"));
    }

    [Test]
    public async Task Lifecycle_RecentlyRecoveredVm_IsNotRecoveredAgainWithinDrop()
    {
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running"));
        _server.DeleteRemoves = false;
        _server.Fault = async context =>
        {
            if (context.Request.Method != "DELETE")
            {
                return false;
            }
            await FakeImServer.ErrorAsync(context, 400, "Error destroying the VM");
            return true;
        };
        await plugin.RefreshVmsAsync(CancellationToken.None);
        _support.Cluster.Set(Node("node-1", NodeState.OffErr, secondsInState: 100));

        _support.Time.Advance(TimeSpan.FromSeconds(40));
        await plugin.LifecycleAsync(CancellationToken.None);
        _support.Time.Advance(TimeSpan.FromSeconds(10));
        await plugin.LifecycleAsync(CancellationToken.None);
        Assert.That(_server.Requests.Count(r => r.StartsWith("DELETE", StringComparison.Ordinal)), Is.EqualTo(1), "10 s after a recovery is within DROP");

        _support.Time.Advance(TimeSpan.FromSeconds(25));
        await plugin.LifecycleAsync(CancellationToken.None);
        Assert.That(_server.Requests.Count(r => r.StartsWith("DELETE", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Lifecycle_VmOfNoNode_IsDeletedUnlessAdditional()
    {
        using var plugin = _support.Plugin(_server);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, FakeImServer.WorkerRadl("stray", "running"));
        _server.SetVm(2, FakeImServer.WorkerRadl("manual", "running", "ec3_additional_vm = 'true'"));
        _support.Cluster.Set(Node("node-1", NodeState.Off));

        await plugin.LifecycleAsync(CancellationToken.None);

        Assert.That(_server.Requests, Does.Contain("DELETE /infrastructures/infid/vms/1"));
        Assert.That(_server.Requests, Does.Not.Contain("DELETE /infrastructures/infid/vms/2"));
    }

    [Test]
    public async Task Tosca_FollowsCluesTestGetTemplate()
    {
        // test_get_template: tosca.yml with two VMs: wn gets count 2 and dns_name node-2, posted as text/yaml.
        var options = _support.Options(_server) with { UseTosca = true };
        using var plugin = _support.Plugin(options);
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.SetVm(1, "system wn ( state = 'stopped' )");
        _server.Tosca = await File.ReadAllTextAsync(Clues.Tests.Common.TestEnvironment.Fixture("clues-test-files", "tosca.yml"));

        Assert.That(await plugin.PowerOnAsync("node-2", CancellationToken.None), Is.EqualTo(PowerResult.Ok("node-2")));

        var (contentType, body) = _server.Posted.Single();
        Assert.That(contentType, Does.StartWith("text/yaml"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(body));
        var wn = (YamlMappingNode)yaml.Documents[0].RootNode["topology_template"]["node_templates"]["wn"];
        Assert.That(((YamlScalarNode)wn["capabilities"]["scalable"]["properties"]["count"]).Value, Is.EqualTo("2"));
        Assert.That(((YamlScalarNode)wn["capabilities"]["endpoint"]["properties"]["dns_name"]).Value, Is.EqualTo("node-2"));
    }

    private int Deletes() => _server.Requests.Count(r => r.StartsWith("DELETE", StringComparison.Ordinal));
}
