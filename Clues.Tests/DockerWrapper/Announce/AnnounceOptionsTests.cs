using Clues.Core.Config;
using Clues.DockerWrapper.Announce;
using Clues.DockerWrapper.Configuration;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Announce;

public sealed class AnnounceOptionsTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("clues-announce-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private WrapperOptions Load(string ini)
    {
        var file = Path.Combine(_dir, "clues2.cfg");
        File.WriteAllText(file, ini);
        return WrapperOptionsLoader.Load(["--config", file], _ => null);
    }

    [Test]
    public void Load_ClientSectionOnly_AnnouncesToTheClientServerWithItsSecret()
    {
        var options = Load("[general]\nCLUES_SECRET_TOKEN=general\n[client]\nCLUES_XMLRPC=http://localhost:8000/RPC2\nCLUES_SECRET_TOKEN=client\n");

        Assert.That((options.Announce.Enabled, options.Announce.Endpoint, options.Announce.Secret, options.Announce.Timeout),
            Is.EqualTo((true, new Uri("http://localhost:8000/RPC2"), "client", TimeSpan.FromSeconds(30))));
    }

    [Test]
    public void Load_WrapperKeysAndClientKeys_WrapperKeysWin()
    {
        var options = Load("[client]\nCLUES_XMLRPC=http://localhost:8000/RPC2\nCLUES_SECRET_TOKEN=client\n" +
            "[DOCKER_WRAPPER]\nCLUES_XMLRPC=http://10.0.0.5:9000/RPC2\nCLUES_SECRET_TOKEN=wrapper\nCLUES_ANNOUNCE_TIMEOUT=2.5\n");

        Assert.That((options.Announce.Endpoint, options.Announce.Secret, options.Announce.Timeout),
            Is.EqualTo((new Uri("http://10.0.0.5:9000/RPC2"), "wrapper", TimeSpan.FromSeconds(2.5))));
    }

    [Test]
    public void Load_OnlyGeneralSecret_SecretFromGeneral()
    {
        var options = Load("[general]\nCLUES_SECRET_TOKEN=general\n[DOCKER_WRAPPER]\nCLUES_XMLRPC=http://localhost:8000/RPC2\n");

        Assert.That(options.Announce.Secret, Is.EqualTo("general"));
    }

    [Test]
    public void Load_WrapperXmlRpcEmpty_NotAnnouncedEvenWithAClientServer()
    {
        var options = Load("[client]\nCLUES_XMLRPC=http://localhost:8000/RPC2\n[DOCKER_WRAPPER]\nCLUES_XMLRPC=\n");

        Assert.That(options.Announce.Enabled, Is.False);
    }

    [Test]
    public void Load_NoServerAnywhere_NotAnnounced()
    {
        Assert.That(Load("[general]\n").Announce, Is.EqualTo(AnnounceOptions.Disabled));
    }

    [Test]
    public void Load_BadUrlAndTimeout_BothReportedWithTheirKeys()
    {
        var error = Assert.Throws<ConfigException>(() => Load("[DOCKER_WRAPPER]\nCLUES_XMLRPC=localhost:8000\nCLUES_ANNOUNCE_TIMEOUT=0\n"))!;

        Assert.That(error.Message, Does.Contain("CLUES_XMLRPC").And.Contain("CLUES_ANNOUNCE_TIMEOUT"));
    }
}
