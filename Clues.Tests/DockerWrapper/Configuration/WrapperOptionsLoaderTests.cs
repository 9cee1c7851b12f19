using Clues.Core.Config;
using Clues.DockerWrapper.Configuration;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Configuration;

public sealed class WrapperOptionsLoaderTests
{
    private static string? NoEnvironment(string name) => null;

    [Test]
    public void Load_NothingGiven_Defaults()
    {
        var options = WrapperOptionsLoader.Load(["--config", WriteConfig("[general]\n")], NoEnvironment);

        Assert.That(options.Listen, Is.EqualTo("unix:///run/clues2/docker-wrapper.sock"));
        Assert.That(options.ListenAccess, Is.EqualTo(new SocketAccess(null, null, null)), "copied from the engine's socket");
        Assert.That(options.ListenTls, Is.Null);
        Assert.That(options.InsecureTcp, Is.False);
        Assert.That(options.HeaderTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.MaxConnections, Is.EqualTo(256));
        Assert.That(options.Upstream.UnixPath, Is.EqualTo("/var/run/docker.sock"));
        Assert.That(options.Order, Is.EqualTo(QueueOrder.Fifo));
        Assert.That(options.Mode, Is.EqualTo(DispatchMode.Auto));
    }

    [Test]
    public void Load_FileEnvironmentAndArguments_ArgumentsWinThenFileThenEnvironment()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTEN = 127.0.0.1:9000\nINSECURE_TCP = 1\nORDER = lifo\nMODE = swarm\nMAX_RUNNING = 3\n");
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
        Assert.That(ex.Errors.Single().Value, Is.EqualTo("node.role==worker, role=worker"));
        Assert.That(ex.Errors.Single().Expected, Does.Contain("('role=worker' is not one)"), "the constraint Swarm would not understand");
    }

    [Test]
    public void Load_MisspeltAndMisplacedKeys_WarnedWithTheKeyMeant()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTN = unix:///tmp/w.sock\nKEEP_FINSHED = 60\nLRMS_CLASS = cluesplugins.docker\nORDER = lifo\n");
        var warnings = new List<ConfigWarning>();

        var options = WrapperOptionsLoader.Load(["--config", file], NoEnvironment, warnings);

        Assert.That(options.Order, Is.EqualTo(QueueOrder.Lifo), "the known keys still apply");
        Assert.That(warnings.Select(w => w.ToString()), Is.EqualTo(new[]
        {
            $"{file}:2: [DOCKER_WRAPPER] LISTN is not a [DOCKER_WRAPPER] key and is ignored (misspelt? did you mean LISTEN?)",
            $"{file}:3: [DOCKER_WRAPPER] KEEP_FINSHED is not a [DOCKER_WRAPPER] key and is ignored (misspelt? did you mean KEEP_FINISHED?)",
            $"{file}:4: [DOCKER_WRAPPER] LRMS_CLASS is not a [DOCKER_WRAPPER] key and is ignored (misspelt?)",
        }));
    }

    [Test]
    public void ConfigSection_EveryKeyTheLoaderReads_IsDeclared()
    {
        // Build reads every key it knows through the configuration; each one read must be a declared key.
        var config = new CluesConfig();
        WrapperOptionsLoader.Build(config);
        var read = config.Reads.Where(r => r.Section == WrapperOptionsLoader.Section).Select(r => r.Key).ToList();

        Assert.That(read, Is.EquivalentTo(WrapperOptions.ConfigSection.Keys.Select(k => k.Name)));
        foreach (var key in read)
        {
            config.Set(WrapperOptionsLoader.Section, key, "x", "test.cfg");
        }
        Assert.That(WrapperOptions.ConfigSection.UnknownKeys(config), Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task Process_MisspeltKeyAndBadValue_WarnsThenRefusesToStart(CancellationToken ct)
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTN = unix:///tmp/w.sock\nORDER = random\n");

        var (code, _, errors) = await DotnetProgram.RunAsync("docker-wrapper.dll", Path.GetDirectoryName(file)!, ct, "--config", file);

        Assert.That(code, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain("[DOCKER_WRAPPER] ORDER = 'random': expected one of fifo, lifo"));
        Assert.That(errors, Does.Contain(
            $"docker-wrapper: warning: {file}:2: [DOCKER_WRAPPER] LISTN is not a [DOCKER_WRAPPER] key and is ignored (misspelt? did you mean LISTEN?)"));
    }

    [TestCase("LISTEN_MODE = 999", "LISTEN_MODE", "octal permission bits")]
    [TestCase("LISTEN_OWNER = bad name", "LISTEN_OWNER", "a user or group name or number")]
    [TestCase("MAX_RUNNING = -1", "MAX_RUNNING", "0 (no limit) or a positive number of jobs")]
    [TestCase("MAX_CONNECTIONS = many", "MAX_CONNECTIONS", "")]
    [TestCase("KEEP_FINISHED = 0", "KEEP_FINISHED", "a positive number of seconds")]
    [TestCase("CLUES_ANNOUNCE_TIMEOUT = -5", "CLUES_ANNOUNCE_TIMEOUT", "a positive number of seconds")]
    [TestCase("CLUES_XMLRPC = localhost:8000", "CLUES_XMLRPC", "an http:// URL")]
    [TestCase("LISTEN = nowhere", "LISTEN", "unix:///path or ADDRESS:PORT")]
    [TestCase("ORDER = 1", "ORDER", "one of fifo, lifo")]
    public void Load_BadValue_OneErrorNamingFileKeyValueAndExpected(string line, string key, string expected)
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\n" + line + "\n");

        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(["--config", file], NoEnvironment))!;

        var error = ex.Errors.Single();
        Assert.That((error.File, error.Section, error.Key, error.Value), Is.EqualTo((file, "DOCKER_WRAPPER", key, line[(line.IndexOf('=') + 2)..])));
        Assert.That(error.Expected, Does.Contain(expected));
    }

    [Test]
    public void Load_TcpWithoutTls_RefusedNamingTheWaysOut()
    {
        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(
            ["--config", WriteConfig("[general]\n"), "--listen", "0.0.0.0:2375"], NoEnvironment))!;

        Assert.That(ex.Errors.Single().Key, Is.EqualTo("LISTEN"));
        Assert.That(ex.Message, Does.Contain("--tlsverify --tlscacert --tlscert --tlskey").And.Contain("--insecure-tcp"));
    }

    [Test]
    public void Load_TcpWithClientCertificates_ReadsTheListenerTlsApartFromTheEngines()
    {
        var dir = Directory.CreateTempSubdirectory("clues-wrapper-tls-").FullName;
        foreach (var name in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            File.WriteAllText(Path.Combine(dir, name), "");
        }

        var options = WrapperOptionsLoader.Load(["--config", WriteConfig("[general]\n"), "--listen", "127.0.0.1:2376", "--tlsverify",
            "--tlscacert", Path.Combine(dir, "ca.pem"), "--tlscert", Path.Combine(dir, "cert.pem"), "--tlskey", Path.Combine(dir, "key.pem"),
            "--upstream", "tcp://10.0.0.1:2376", "--upstream-tlsverify", "--cert-path", "/engine-certs"], NoEnvironment);

        Assert.That(options.ListenTls, Is.EqualTo(new ListenTls(Path.Combine(dir, "ca.pem"), Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"))));
        Assert.That((options.Upstream.Tls, options.Upstream.CertPath), Is.EqualTo((true, "/engine-certs")));
    }

    [Test]
    public void Load_ListenerTlsWithoutFiles_EachMissingFileReported()
    {
        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(
            ["--config", WriteConfig("[general]\n"), "--listen", "127.0.0.1:2376", "--tlsverify", "--tlscacert", "/nonexistent/ca.pem"], NoEnvironment))!;

        Assert.That(ex.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "LISTEN_TLS_CACERT", "LISTEN_TLS_CERT", "LISTEN_TLS_KEY" }));
    }

    [Test]
    public void Load_TlsVerifyOnTheUnixSocket_PointsToTheEngineOption()
    {
        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(["--config", WriteConfig("[general]\n"), "--tlsverify",
            "--tlscacert", "/etc/hostname", "--tlscert", "/etc/hostname", "--tlskey", "/etc/hostname"], NoEnvironment))!;

        Assert.That(ex.Message, Does.Contain("--upstream-tlsverify"));
    }

    [Test]
    public void Load_SocketAccessAndLimits_Read()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTEN_OWNER = root\nLISTEN_GROUP = docker\nLISTEN_MODE = 0660\nHEADER_TIMEOUT = 5\nMAX_CONNECTIONS = 10\n");

        var options = WrapperOptionsLoader.Load(["--config", file, "--listen", "unix:///tmp/w.sock"], NoEnvironment);

        Assert.That(options.ListenAccess, Is.EqualTo(new SocketAccess("root", "docker",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)));
        Assert.That((options.HeaderTimeout, options.MaxConnections), Is.EqualTo((TimeSpan.FromSeconds(5), 10)));
    }

    [Test]
    public void Load_BadAccessAndLimits_ReportsEveryOne()
    {
        var file = WriteConfig("[DOCKER_WRAPPER]\nLISTEN_OWNER = a b\nLISTEN_MODE = 999\nHEADER_TIMEOUT = 0\nMAX_CONNECTIONS = 0\n");

        var ex = Assert.Throws<ConfigException>(() => WrapperOptionsLoader.Load(["--config", file], NoEnvironment))!;

        Assert.That(ex.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "LISTEN_OWNER", "LISTEN_MODE", "HEADER_TIMEOUT", "MAX_CONNECTIONS" }));
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
