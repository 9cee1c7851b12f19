using Clues.Core.Config;
using Clues.Plugins.Docker;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Docker;

[TestFixture]
public sealed class DockerLrmsOptionsTests
{
    private static CluesConfig ThesisConfig()
    {
        var path = TestEnvironment.Fixture("thesis-etc", "conf.d", "plugin-docker.cfg");
        var config = new CluesConfig();
        foreach (var line in File.ReadAllLines(path).Skip(1).Where(l => l.Contains('=')))
        {
            var eq = line.IndexOf('=');
            config.Set("DOCKER", line[..eq].Trim(), line[(eq + 1)..].Trim(), path);
        }
        return config;
    }

    [Test]
    public void Read_ThesisConfig_ContainersPerHostIsTheSlotFallback()
    {
        var options = DockerLrmsOptions.Read(ThesisConfig());

        Assert.That(options.SlotsPerHost, Is.EqualTo(5));
        Assert.That(options.DockerServer, Is.EqualTo(new Uri("http://127.0.0.1:8880/")));
        Assert.That(options.MachineListCommand, Is.EqualTo("/usr/local/bin/docker-machine ls"));
    }

    [Test]
    public void Read_SlotsPerHostAndNodeKeys_OverrideThesisKey()
    {
        var config = ThesisConfig();
        config.Set("DOCKER", "SLOTS_PER_HOST", "3");
        config.Set("DOCKER", "node_slots_worker-01", "7");

        var options = DockerLrmsOptions.Read(config);

        Assert.That(options.SlotsOf("worker-01", 2), Is.EqualTo(7));
        Assert.That(options.SlotsOf("worker-02", 2), Is.EqualTo(3));
    }

    [Test]
    public void Read_NoSlotKeys_UsesCpus()
    {
        var options = DockerLrmsOptions.Read(new CluesConfig());

        Assert.That(options.SlotsOf("worker-01", 2), Is.EqualTo(2));
        Assert.That(options.MachineListCommand, Is.Empty);
        Assert.That(options.IncludeManagers, Is.False);
    }

    [Test]
    public void Read_BadServer_IsConfigErrorNamingTheKey()
    {
        var config = new CluesConfig();
        config.Set("DOCKER", "DOCKER_SERVER", "127.0.0.1:8880", "/etc/clues2/conf.d/docker.cfg");

        DockerLrmsOptions.Read(config);

        Assert.That(config.Errors, Has.Count.EqualTo(1));
        Assert.That(config.Errors[0].ToString(), Does.Contain("[DOCKER] DOCKER_SERVER").And.Contain("docker.cfg"));
    }

    [Test]
    public void Read_EmptyServer_MeansNoWrapper()
    {
        var config = new CluesConfig();
        config.Set("DOCKER", "DOCKER_SERVER", "");

        Assert.That(DockerLrmsOptions.Read(config).DockerServer, Is.Null);
        Assert.That(config.Errors, Is.Empty);
    }

    [Test]
    public void Read_Nothing_DefaultsToTheWrappersUnixSocket()
    {
        Assert.That(DockerLrmsOptions.Read(new CluesConfig()).DockerServer, Is.EqualTo(new Uri("unix:///run/clues2/docker-wrapper.sock")));
    }

    [TestCase("unix:///tmp/w.sock", true)]
    [TestCase("http://127.0.0.1:8880", true)]
    [TestCase("unix://", false)]
    [TestCase("unix:///", false)]
    [TestCase("tcp://127.0.0.1:8880", false)]
    public void Read_ServerForms_UnixSocketOrHttpUrl(string server, bool accepted)
    {
        var config = new CluesConfig();
        config.Set("DOCKER", "DOCKER_SERVER", server, "/etc/clues2/conf.d/docker.cfg");

        DockerLrmsOptions.Read(config);

        Assert.That(config.Errors, accepted ? Is.Empty : Has.Count.EqualTo(1));
    }
}
