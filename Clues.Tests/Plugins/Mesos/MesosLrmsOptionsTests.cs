using Clues.Core.Config;
using Clues.Plugins.Mesos;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Mesos;

[TestFixture]
public sealed class MesosLrmsOptionsTests
{
    // test_init_lrms_empty: CLUES' seven defaults, as the requests they describe.
    [Test]
    public void Read_NoSection_CluesDefaults()
    {
        var config = new CluesConfig();

        var options = MesosLrmsOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.Server, Is.EqualTo("mesosserverpublic"));
        Assert.That(options.Nodes.Url.ToString(), Is.EqualTo("http://mesosserverpublic:5050/master/slaves"));
        Assert.That(options.State.Url.ToString(), Is.EqualTo("http://mesosserverpublic:5050/master/state.json"));
        Assert.That(options.Tasks.Url.ToString(), Is.EqualTo("http://mesosserverpublic:5050/master/tasks.json?limit=1000"));
        Assert.That(options.Marathon!.Url.ToString(), Is.EqualTo("http://mesosserverpublic:8080/v2/apps?embed=tasks"));
        Assert.That(options.Chronos!.Url.ToString(), Is.EqualTo("http://mesosserverpublic:4400/scheduler/jobs"));
        Assert.That(options.ChronosState!.Url.ToString(), Is.EqualTo("http://mesosserverpublic:4400/scheduler/graph/csv"));
        Assert.That((options.NodeMemory, options.NodeSlots), Is.EqualTo((1572864000.0, 1)));
        Assert.That(options.VirtualNodesFile, Is.EqualTo("/etc/clues2/mesos_vnodes.info"));
        Assert.That(options.Nodes.Client.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)), "[general] TIMEOUT_COMMANDS, CLUES' 10 s");
        Assert.That(options.Nodes.Client.InsecureSkipVerify, Is.False);
    }

    // CLUES' own example, etc/conf.d/plugin-mesos.cfg-example, loads unchanged.
    [Test]
    public void Read_CluesExampleFile_LoadsWithoutErrors()
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, TestEnvironment.Fixture("clues-etc", "conf.d", "plugin-mesos.cfg-example"));

        var options = MesosLrmsOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(options.Tasks.Url.ToString(), Is.EqualTo("http://mesosserverpublic:5050/master/tasks.json"), "the example omits ?limit: one request");
    }

    [Test]
    public void Read_CurlOptions_BecomeTheClientSetup()
    {
        var config = new CluesConfig();
        config.Set("MESOS", "MESOS_NODES_COMMAND", "curl -sSLk -u 'clues:pa ss' -m 3 --connect-timeout 2 -H \"Accept: application/json\" https://master:5050/master/slaves");
        config.Set("MESOS", "MESOS_STATE_COMMAND", "http://master:5050/master/state");
        config.Set("MESOS", "MESOS_JOBS_COMMAND", "/usr/bin/curl --cacert /etc/ssl/mesos-ca.pem --cert /etc/clues2/c.pem --key /etc/clues2/k.pem -X get https://master:5050/master/tasks");

        var options = MesosLrmsOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        var nodes = options.Nodes;
        Assert.That(nodes.Url, Is.EqualTo(new Uri("https://master:5050/master/slaves")));
        Assert.That(nodes.Client.BaseAddress, Is.EqualTo(new Uri("https://master:5050/")));
        Assert.That((nodes.Client.UserName, nodes.Client.Password, nodes.Client.InsecureSkipVerify), Is.EqualTo(("clues", "pa ss", true)));
        Assert.That((nodes.Client.Timeout, nodes.Client.ConnectTimeout), Is.EqualTo((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2))));
        Assert.That(nodes.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("Accept", "application/json") }));
        Assert.That(options.State.Url, Is.EqualTo(new Uri("http://master:5050/master/state")), "a bare URL");
        Assert.That((options.Tasks.Client.CaFile, options.Tasks.Client.ClientCertificateFile, options.Tasks.Client.ClientKeyFile),
            Is.EqualTo(("/etc/ssl/mesos-ca.pem", "/etc/clues2/c.pem", "/etc/clues2/k.pem")));
    }

    [TestCase("MESOS_MARATHON_COMMAND", "")]
    [TestCase("MESOS_MARATHON_COMMAND", "None")]
    [TestCase("MESOS_CHRONOS_COMMAND", "")]
    public void Read_EmptyMarathonOrChronos_NotUsed(string key, string value)
    {
        var config = new CluesConfig();
        config.Set("MESOS", key, value);

        var options = MesosLrmsOptions.Read(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(key == "MESOS_MARATHON_COMMAND" ? options.Marathon : options.Chronos, Is.Null);
    }

    [TestCase("MESOS_NODES_COMMAND", "wget -O- http://master:5050/master/slaves", "'wget' is not curl")]
    [TestCase("MESOS_NODES_COMMAND", "curl -X POST http://master:5050/master/slaves", "only GET")]
    [TestCase("MESOS_NODES_COMMAND", "curl http://master:5050/master/slaves | jq .", "shell syntax (|)")]
    [TestCase("MESOS_NODES_COMMAND", "curl -H \"Authorization: $(cat /etc/token)\" http://m/master/slaves", "shell expansion")]
    [TestCase("MESOS_NODES_COMMAND", "curl --proxy http://p:3128 http://m/master/slaves", "--proxy is not supported")]
    [TestCase("MESOS_STATE_COMMAND", "curl -L -X GET", "no URL")]
    [TestCase("MESOS_STATE_COMMAND", "curl http://a/master/state http://b/master/state", "one URL")]
    [TestCase("MESOS_STATE_COMMAND", "curl 'http://a/master/state", "single quote is not closed")]
    [TestCase("MESOS_JOBS_COMMAND", "curl ftp://master/tasks", "not an http:// or https:// URL")]
    [TestCase("MESOS_JOBS_COMMAND", "curl -m soon http://master/tasks", "positive number of seconds")]
    [TestCase("MESOS_JOBS_COMMAND", "", "mandatory")]
    [TestCase("MESOS_CHRONOS_COMMAND", "curl -u", "needs a value")]
    [TestCase("MESOS_NODE_SLOTS", "0", "positive")]
    [TestCase("MESOS_NODE_MEMORY", "1.5 GB", "number")]
    public void Read_BadValue_ConfigErrorNamesTheKeyAndTheProblem(string key, string value, string expected)
    {
        var config = new CluesConfig();
        config.Set("MESOS", key, value, "/etc/clues2/conf.d/mesos.cfg", 7);

        var options = MesosLrmsOptions.Read(config);

        var error = config.Errors.Single();
        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Expected, Does.Contain(expected));
        Assert.That((error.File, error.Line), Is.EqualTo(("/etc/clues2/conf.d/mesos.cfg", (int?)7)));
        Assert.That(options.Nodes.Url.Host, Is.EqualTo("mesosserverpublic").Or.EqualTo("m").Or.EqualTo("master"), "the options stay complete");
    }

    [Test]
    public void Read_ChronosWithoutItsGraph_ConfigError()
    {
        var config = new CluesConfig();
        config.Set("MESOS", "MESOS_CHRONOS_STATE_COMMAND", "");

        MesosLrmsOptions.Read(config);

        Assert.That(config.Errors.Single().Key, Is.EqualTo("MESOS_CHRONOS_STATE_COMMAND"));
    }

    [TestCase("1572864000", 1572864000.0)]
    [TestCase("2048Mi", 2147483648.0)]
    [TestCase("4G", 4294967296.0)]
    [TestCase(" 1Ki ", 1024.0)]
    [TestCase("1Ti", 1099511627776.0)]
    public void MesosMemory_CluesUnits(string text, double bytes)
    {
        Assert.That(MesosMemory.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(bytes));
    }

    [TestCase("1 GB")] // KEEP: not a Mesos size in CLUES (the Kubernetes plugin's rules differ)
    [TestCase("512m")]
    [TestCase("1.5G")]
    [TestCase("-1")]
    [TestCase("G")]
    [TestCase("")]
    public void MesosMemory_NotASize_Rejected(string text) => Assert.That(MesosMemory.TryParse(text, out _), Is.False);
}
