using Clues.Core.Config;
using Clues.Core.Http;
using Clues.Plugins.Im;
using Clues.Plugins.Im.Api;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Im;

/// <summary>
/// What goes wrong between CLUES and IM: refused credentials, server errors, timeouts, bodies that are not what IM
/// documents, hostile answers. Each ends in a failed power action with a reason, never in an exception or a crash.
/// </summary>
[TestFixture]
public sealed class ImFailureTests
{
    private ImTestSupport _support = null!;
    private FakeImServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _support = new ImTestSupport();
        _server = await FakeImServer.StartAsync();
        _server.Authorization = ImTestSupport.FixtureHeader;
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.InfrastructureRadl = "system wn ( net_interface.0.dns_name = 'node-#N#' )";
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _support.Dispose();
    }

    private static Func<HttpContext, Task<bool>> Answer(string method, string path, int status, string body, string contentType = "application/json") =>
        async context =>
        {
            if (context.Request.Method != method || context.Request.Path != path)
            {
                return false;
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
            return true;
        };

    [Test]
    public void AuthFile_CluesFixture_BecomesOneHeaderLineJoinedByBackslashN()
    {
        // test_read_auth_data.
        var header = ImAuthFile.ToHeader(File.ReadAllText(ImTestSupport.AuthFixture), "auth.dat");
        var lines = header.Split("\\n");
        Assert.That(lines[0], Is.EqualTo("type = InfrastructureManager; username = user; password = pass"));
        Assert.That(lines[1], Is.EqualTo("id = one; type = OpenNebula; host = server:2633; username = user; password = pass"));
    }

    [Test]
    public void AuthFile_WindowsLineEnds_AreJoinedToo_ControlCharactersRefused()
    {
        Assert.That(ImAuthFile.ToHeader("a = 1\r\nb = 2\r\n", "f"), Is.EqualTo("a = 1\\nb = 2\\n"));
        var ex = Assert.Throws<RestApiException>(() => ImAuthFile.ToHeader("a = 1\tb", "/etc/auth.dat"));
        Assert.That(ex!.Message, Does.Contain("/etc/auth.dat").And.Contain("control character"));
        Assert.That(Assert.Throws<RestApiException>(() => ImAuthFile.ToHeader(" \n", "f"))!.Message, Does.Contain("empty"));
    }

    [Test]
    public async Task PowerOn_CredentialsRefused_FailsNamingTheStatus()
    {
        _server.Authorization = "type = InfrastructureManager; username = other; password = other";
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.NodeName, Is.EqualTo("node-1"));
        Assert.That(result.Error, Does.Contain("401").And.Contain("credentials"));
        Assert.That(_server.Posted, Is.Empty);
    }

    [Test]
    public async Task PowerOn_AuthFileMissing_FailsNamingTheFile()
    {
        using var plugin = _support.Plugin(_support.Options(_server) with { AuthFile = "/nonexistent/auth.dat" });

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("/nonexistent/auth.dat"));
    }

    [Test]
    public async Task PowerOn_AddingTheVmAnswers500_IsAFailedPowerOn()
    {
        _server.Fault = Answer("POST", "/infrastructures/infid", 500, """{"message": "Error Adding resources: no cloud", "code": 500}""");
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("500").And.Contain("no cloud"));
    }

    [Test]
    public async Task PowerOn_AddingTheVmAnswers200WithoutUriList_IsAFailedPowerOn()
    {
        _server.Fault = Answer("POST", "/infrastructures/infid", 200, "<html>proxy login</html>", "text/html");
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("not the JSON expected"));
    }

    [Test]
    public async Task PowerOn_ServerSlowerThanTheTimeout_FailsInTime()
    {
        _server.Fault = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            return false;
        };
        using var plugin = _support.Plugin(_support.Options(_server) with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("did not answer within"));
    }

    [Test]
    public async Task PowerOn_UnreachableServer_Fails()
    {
        var address = _server.Address;
        await _server.DisposeAsync();
        _server = await FakeImServer.StartAsync();
        using var plugin = _support.Plugin(_support.Options(_server) with { RestApi = address, InfrastructureId = null });

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("failed"));
    }

    [Test]
    public async Task VmListMalformed_PowerOnFails_LifecycleGoesOn()
    {
        _server.Fault = Answer("GET", "/infrastructures/infid", 200, """{"uri-list": [{"uri": 7}]""");
        using var plugin = _support.Plugin(_server);

        Assert.That((await plugin.PowerOnAsync("node-1", CancellationToken.None)).Success, Is.False);
        Assert.That(await plugin.LifecycleAsync(CancellationToken.None), Is.True);
        Assert.That(_server.Posted, Is.Empty);
    }

    [Test]
    public async Task VmListFailing_TrackedVmsAreNotForgotten()
    {
        // FIX: CLUES read a failed listing as an empty infrastructure and forgot every VM after FORGET_MISSING_VMS.
        _server.SetVm(1, FakeImServer.WorkerRadl("node-1", "running"));
        using var plugin = _support.Plugin(_server);
        await plugin.RefreshVmsAsync(CancellationToken.None);
        _server.Fault = Answer("GET", "/infrastructures/infid", 503, """{"message": "Service Unavailable", "code": 503}""");

        _support.Time.Advance(TimeSpan.FromSeconds(120));
        Assert.That(await plugin.LifecycleAsync(CancellationToken.None), Is.True);

        Assert.That(plugin.TrackedVms.Keys, Is.EquivalentTo(new[] { "node-1" }));
        _server.Fault = null;
        Assert.That((await plugin.PowerOffAsync("node-1", CancellationToken.None)).Success, Is.True, "the node can still be powered off");
    }

    [Test]
    public async Task UriListPointingElsewhere_IsNotFollowed()
    {
        var body = """{"uri-list": [{"uri": "http://127.0.0.2:1/infrastructures/infid/vms/0"}, {"uri": "http://attacker.invalid/vms/1"}]}""";
        _server.Fault = Answer("GET", "/infrastructures/infid", 200, body);
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("not followed"));
    }

    [Test]
    public async Task HugeAnswer_IsRefused()
    {
        var huge = new string('x', ImRestClient.MaxResponseBytes + 1024);
        _server.Fault = Answer("GET", "/infrastructures/infid/radl", 200, huge, "text/plain");
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
    }

    [Test]
    public async Task VmRadlGarbage_ThatVmIsSkipped_OthersAreTracked()
    {
        _server.SetVm(1, "system wn ( state = 'running' and net_interface.0.dns_name = 'node-1");
        _server.SetVm(2, "\u0001\u0002 not radl");
        _server.SetVm(3, FakeImServer.WorkerRadl("node-3", "running"));
        using var plugin = _support.Plugin(_server);

        await plugin.RefreshVmsAsync(CancellationToken.None);

        Assert.That(plugin.TrackedVms.Keys, Is.EquivalentTo(new[] { "node-3" }));
    }

    [Test]
    public async Task InfrastructureRadlWithoutWn_FailsNamingWhy()
    {
        _server.InfrastructureRadl = "system front ( cpu.count >= 2 )";
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("no system 'wn'"));
    }

    [Test]
    public async Task ToscaTemplateNotYaml_IsAFailedPowerOn()
    {
        _server.Tosca = "topology_template: [unclosed";
        using var plugin = _support.Plugin(_support.Options(_server) with { UseTosca = true });

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("not valid YAML"));
    }

    [Test]
    public async Task DatabaseUnwritable_PluginWorksInMemory()
    {
        var blocker = Path.Combine(_support.Folder, "file");
        await File.WriteAllTextAsync(blocker, "");
        using var plugin = _support.Plugin(_support.Options(_server) with { DatabaseFile = Path.Combine(blocker, "clues.db") });

        Assert.That((await plugin.PowerOnAsync("node-1", CancellationToken.None)).Success, Is.True);
    }

    [Test]
    public void Options_Defaults_AreClues()
    {
        var options = ImOptions.Read(new CluesConfig());
        Assert.That(options.UseTosca, Is.False);
        Assert.That(options.RestApi, Is.EqualTo(new Uri("http://localhost:8800")));
        Assert.That(options.AuthFile, Is.EqualTo("/usr/local/ec3/auth.dat"));
        Assert.That(options.DropFailing, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.ForgetMissing, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.DatabaseFile, Is.EqualTo("/var/lib/clues2/clues.db"));
        Assert.That(options.InfrastructureId, Is.Null);
        Assert.That(options.InsecureSkipVerify, Is.False);
        Assert.That(options.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Options_CluesExampleFile_LoadsWithoutErrors()
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, Clues.Tests.Common.TestEnvironment.Fixture("clues-etc", "conf.d", "plugin-im.cfg-example"));

        var options = ImOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.CaFile, Is.Null);
        Assert.That(options.RestApi, Is.EqualTo(new Uri("http://localhost:8800")));
        Assert.That(options.DropFailing, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Options_BadValues_AreErrorsNamingTheKey()
    {
        var config = new CluesConfig();
        config.Set(ImOptions.Section, ImOptions.RestApiKey, "localhost:8800");
        config.Set(ImOptions.Section, ImOptions.DbKey, "mysql://db");
        config.Set(ImOptions.Section, ImOptions.ToscaKey, "maybe");

        ImOptions.Read(config);

        var errors = string.Join("\n", config.Errors.Select(e => e.ToString()));
        Assert.That(errors, Does.Contain(ImOptions.RestApiKey).And.Contain(ImOptions.DbKey).And.Contain(ImOptions.ToscaKey));
    }

    [Test]
    public void Options_FromConfig_NoneMeansUnset()
    {
        var config = new CluesConfig();
        config.Set(ImOptions.Section, ImOptions.InfrastructureKey, "None");
        config.Set(ImOptions.Section, ImOptions.CaCertsKey, "''");
        config.Set(ImOptions.Section, ImOptions.DbKey, "");
        config.Set(ImOptions.Section, ImOptions.ToscaKey, "True");

        var options = ImOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.InfrastructureId, Is.Null);
        Assert.That(options.CaFile, Is.Null, "CLUES' example file writes ''");
        Assert.That(options.DatabaseFile, Is.Null);
        Assert.That(options.UseTosca, Is.True);
    }
}
