using Clues.Core.Config;
using Clues.DockerWrapper.Configuration;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Configuration;

public sealed class WrapperOptionsLoaderTests
{
    private static string? NoEnvironment(string name) => null;

    [Test]
    public void Load_NothingGiven_Defaults()
    {
        var options = WrapperOptionsLoader.Load(["--config", WriteConfig("[general]\n")], NoEnvironment);

        Assert.That(options.Listen, Is.EqualTo("127.0.0.1:8880"));
        Assert.That(options.Upstream.UnixPath, Is.EqualTo("/var/run/docker.sock"));
        Assert.That(options.Order, Is.EqualTo(QueueOrder.Fifo));
        Assert.That(options.Mode, Is.EqualTo(DispatchMode.Auto));
    }

    [Test]
    public void Load_FileEnvironmentAndArguments_ArgumentsWinThenFileThenEnvironment()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTEN = 127.0.0.1:9000\nORDER = lifo\nMODE = swarm\nMAX_RUNNING = 3\n");
        string? Env(string name) => name == "DOCKER_HOST" ? "tcp://10.0.0.1:2376" : null;

        var options = WrapperOptionsLoader.Load(["--config", file, "--mode", "container", "--db", "/tmp/x.db"], Env);

        Assert.That(options.Listen, Is.EqualTo("127.0.0.1:9000"));
        Assert.That(options.Order, Is.EqualTo(QueueOrder.Lifo));
        Assert.That(options.Mode, Is.EqualTo(DispatchMode.Container));
        Assert.That(options.DatabasePath, Is.EqualTo("/tmp/x.db"));
        Assert.That(options.MaxRunning, Is.EqualTo(3));
        Assert.That(options.Upstream.Host, Is.EqualTo("10.0.0.1"));
        Assert.That(options.Upstream.Port, Is.EqualTo(2376));
    }

    [Test]
    public void Load_BadValues_ReportsEveryOneWithFileAndKey()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nORDER = random\nMODE = k8s\nPERIOD_DISPATCH = -1\nDOCKER_HOST = ftp://x\n");

        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(["--config", file], NoEnvironment))!;

        Assert.That(ex.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "ORDER", "MODE", "PERIOD_DISPATCH", "DOCKER_HOST" }));
        Assert.That(ex.Errors.All(e => e.File == file), Is.True);
        Assert.That(ex.Message, Does.Contain("fifo, lifo"));
    }

    [Test]
    public void Load_Placement_WorkersOnlyUnlessClueCountsManagersOrTheOperatorSaysOtherwise()
    {
        string Constraints(string cfg) => string.Join(" ; ",
            WrapperOptionsLoader.Load(["--config", WriteConfig(cfg)], NoEnvironment).PlacementConstraints);

        Assert.That(Constraints("[general]\n"), Is.EqualTo("node.role==worker"));
        Assert.That(Constraints("[DOCKER]\nINCLUDE_MANAGERS = 1\n"), Is.Empty);
        Assert.That(Constraints("[DOCKER_WRAPPER]\nPLACEMENT_CONSTRAINTS = node.labels.gpu == true, node.role!=manager\n"),
            Is.EqualTo("node.labels.gpu==true ; node.role!=manager"));
        Assert.That(Constraints("[DOCKER_WRAPPER]\nPLACEMENT_CONSTRAINTS =\n"), Is.Empty);
    }

    [Test]
    public void Load_PlacementThatSwarmWouldNotUnderstand_IsAnErrorNamingTheKeyAndTheConstraint()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nPLACEMENT_CONSTRAINTS = node.role==worker, role=worker\n");

        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(["--config", file], NoEnvironment))!;

        Assert.That(ex.Errors.Single().Key, Is.EqualTo("PLACEMENT_CONSTRAINTS"));
        Assert.That(ex.Errors.Single().Value, Is.EqualTo("role=worker"));
    }

    [Test]
    public void Load_UnknownOption_ThrowsWithUsage()
    {
        Assert.That(() => WrapperOptionsLoader.Load(["--bogus", "1"], NoEnvironment),
            Throws.ArgumentException.With.Message.Contains("unknown option '--bogus'").And.Message.Contains("usage:"));
    }

    [TestCase("unix:///run/d.sock", "/run/d.sock", null, 0)]
    [TestCase("tcp://1.2.3.4:2375", null, "1.2.3.4", 2375)]
    [TestCase("localhost:2375", null, "localhost", 2375)]
    public void UpstreamEndpointParse_Forms_AreUnderstood(string address, string? path, string? host, int port)
    {
        var endpoint = UpstreamEndpoint.Parse(address, false, null);

        Assert.That(endpoint.UnixPath, Is.EqualTo(path));
        if (host is not null)
        {
            Assert.That((endpoint.Host, endpoint.Port), Is.EqualTo((host, port)));
        }
    }

    private static string WriteConfig(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("clues-wrapper-cfg-").FullName, "clues2.cfg");
        File.WriteAllText(path, text);
        return path;
    }
}
