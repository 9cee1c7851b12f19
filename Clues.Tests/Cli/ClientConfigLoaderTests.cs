using Clues.Cli.Config;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Cli;

[TestFixture]
public sealed class ClientConfigLoaderTests
{
    private string _root = "";

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "clues-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "a", "conf.d"));
        Directory.CreateDirectory(Path.Combine(_root, "b"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Load_SearchPath_LaterFilesAndConfigDirOverride()
    {
        File.WriteAllText(Path.Combine(_root, "a", "clues2.cfg"), "[general]\nCONFIG_DIR=conf.d\n[client]\nCLUES_XMLRPC=http://a:1/RPC2\nCLUES_SECRET_TOKEN=one\n");
        File.WriteAllText(Path.Combine(_root, "b", "clues2.cfg"), "# comment\n[client]\nclues_secret_token = two # trailing\n");
        File.WriteAllText(Path.Combine(_root, "a", "conf.d", "z.cfg"), "[client]\nLOG_FILE=/tmp/x.log\n");

        var options = new ClientConfigLoader([Path.Combine(_root, "a"), Path.Combine(_root, "b")]).Load(null);

        Assert.That((options.XmlRpcUrl, options.SecretToken, options.LogFile), Is.EqualTo(("http://a:1/RPC2", "two", "/tmp/x.log")));
    }

    [Test]
    public void Load_CluesCliExample_ReadsClientSection()
    {
        var example = TestEnvironment.Fixture("clues-etc", "clues2.cfg-cli-example");

        var options = new ClientConfigLoader([]).Load(example);

        Assert.That((options.XmlRpcUrl, options.SecretToken), Is.EqualTo(("http://localhost:8000/RPC2", "8e0eadc543eef7bca47fefb4")));
    }
}
