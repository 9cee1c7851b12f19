using Clues.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Config;

[TestFixture]
public sealed class ConfigLoaderTests
{
    private TempConfigTree _tree = null!;

    [SetUp]
    public void SetUp() => _tree = new TempConfigTree();

    [TearDown]
    public void TearDown() => _tree.Dispose();

    private ConfigLoaderOptions SearchIn(params string[] dirs) =>
        new() { SearchDirectories = dirs.Select(_tree.PathOf).ToList() };

    [Test]
    public void ForEnvironment_CluesSearchOrder_CurrentThenHomeThenEtc()
    {
        var options = ConfigLoaderOptions.ForEnvironment("/srv/work", "/home/ana");

        Assert.That(options.SearchDirectories, Is.EqualTo(new[] { "/srv/work/etc", "/home/ana/clues2/etc", "/etc/clues2" }));
        Assert.That(options.ConfigFile, Is.Null);
    }

    [Test]
    public void ForEnvironment_NoHomeAndRelativeConfigFile_HomeSkippedAndFileResolvedFromCurrentDirectory()
    {
        var options = ConfigLoaderOptions.ForEnvironment("/srv/work", "", "my/clues2.cfg");

        Assert.That(options.SearchDirectories, Is.EqualTo(new[] { "/srv/work/etc", "/etc/clues2" }));
        Assert.That(options.ConfigFile, Is.EqualTo("/srv/work/my/clues2.cfg"));
    }

    [Test]
    public void Load_MainFileInEverySearchDirectory_ReadInOrderLaterOverriding()
    {
        var local = _tree.Write("cwd/etc/clues2.cfg", "[general]\nCLUES_PORT=1001\nLOG_LEVEL=info\nCLUES_HOST=a\n");
        var home = _tree.Write("home/clues2/etc/clues2.cfg", "[general]\nCLUES_PORT=1002\nLOG_LEVEL=error\n");
        var etc = _tree.Write("etc/clues2/clues2.cfg", "[general]\nCLUES_PORT=1003\n");

        var config = new ConfigLoader(SearchIn("cwd/etc", "home/clues2/etc", "etc/clues2")).Load();

        Assert.That(config.Files, Is.EqualTo(new[] { local, home, etc }));
        Assert.That(config.Find("general", "CLUES_PORT"), Is.EqualTo(new ConfigEntry("CLUES_PORT", "1003", etc, 2)));
        Assert.That(config.GetString("general", "LOG_LEVEL", ""), Is.EqualTo("error"));
        Assert.That(config.GetString("general", "CLUES_HOST", ""), Is.EqualTo("a"));
    }

    [Test]
    public void Load_SearchDirectoryWithoutMainFile_Skipped()
    {
        var etc = _tree.Write("etc/clues2/clues2.cfg", "[general]\nCLUES_PORT=1003\n");

        var config = new ConfigLoader(SearchIn("missing", "etc/clues2")).Load();

        Assert.That(config.Files, Is.EqualTo(new[] { etc }));
    }

    [Test]
    public void Load_NoFileAnywhere_EmptyConfigurationWithDefaults()
    {
        var config = new ConfigLoader(SearchIn("a", "b")).Load();

        Assert.That(config.Files, Is.Empty);
        Assert.That(CluesOptions.Load(config).General.Port, Is.EqualTo(8000));
    }

    [Test]
    public void Load_ConfigDir_FilesReadAfterMainFilesSortedByName()
    {
        var main = _tree.Write("etc/clues2.cfg", "[general]\nCONFIG_DIR=conf.d\nCLUES_PORT=1000\n");
        // Written in reverse order so that creation order cannot pass for sorting.
        var c = _tree.Write("etc/conf.d/30-last.cfg", "[general]\nCLUES_PORT=3000\n");
        var b = _tree.Write("etc/conf.d/20-middle.cfg", "[general]\nCLUES_PORT=2000\nLOG_LEVEL=info\n");
        var a = _tree.Write("etc/conf.d/10-first.cfg", "[general]\nCLUES_PORT=1500\nLOG_LEVEL=error\n");

        var config = new ConfigLoader(SearchIn("etc")).Load();

        Assert.That(config.Files, Is.EqualTo(new[] { main, a, b, c }));
        Assert.That(config.GetInt("general", "CLUES_PORT", 0), Is.EqualTo(3000));
        Assert.That(config.GetString("general", "LOG_LEVEL", ""), Is.EqualTo("info"));
    }

    [Test]
    public void Load_ConfigDir_OnlyVisibleDotCfgFilesRead()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nCONFIG_DIR=conf.d   # the usual place\n");
        var cfg = _tree.Write("etc/conf.d/a.cfg", "[x]\nK=1\n");
        _tree.Write("etc/conf.d/b.cfg-example", "[x]\nK=2\n");
        _tree.Write("etc/conf.d/.hidden.cfg", "[x]\nK=3\n");
        _tree.Write("etc/conf.d/c.CFG", "[x]\nK=4\n");

        var config = new ConfigLoader(SearchIn("etc")).Load();

        Assert.That(config.Files.Skip(1), Is.EqualTo(new[] { cfg }));
        Assert.That(config.Find("x", "K")?.Value, Is.EqualTo("1"));
    }

    [Test]
    public void Load_ConfigDir_LookedUpUnderEverySearchDirectoryInOrder()
    {
        _tree.Write("local/clues2.cfg", "[general]\nCONFIG_DIR=conf.d\n");
        var localConf = _tree.Write("local/conf.d/z.cfg", "[x]\nK=local\n");
        var etcConf = _tree.Write("etc/conf.d/a.cfg", "[x]\nK=etc\n");

        var config = new ConfigLoader(SearchIn("local", "etc")).Load();

        Assert.That(config.Files.Skip(1), Is.EqualTo(new[] { localConf, etcConf }));
        Assert.That(config.Find("x", "K")?.Value, Is.EqualTo("etc"));
    }

    [Test]
    public void Load_ConfigDirSetOnlyInConfDFile_DoesNotRedirect()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nCONFIG_DIR=conf.d\n");
        _tree.Write("etc/conf.d/a.cfg", "[general]\nCONFIG_DIR=other\n");
        _tree.Write("etc/other/b.cfg", "[x]\nK=1\n");

        var config = new ConfigLoader(SearchIn("etc")).Load();

        Assert.That(config.Files, Has.Count.EqualTo(2));
        Assert.That(config.Find("x", "K"), Is.Null);
    }

    [Test]
    public void Load_ExplicitFile_ReplacesTheSearchAndReadsItsOwnConfigDir()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nCONFIG_DIR=conf.d\nLOG_LEVEL=error\n");
        _tree.Write("etc/conf.d/a.cfg", "[x]\nK=searched\n");
        var mine = _tree.Write("mine/custom.cfg", "[general]\nCONFIG_DIR=parts\nCLUES_PORT=1234\n");
        var part = _tree.Write("mine/parts/p.cfg", "[x]\nK=explicit\n");

        var config = new ConfigLoader(SearchIn("etc") with { ConfigFile = mine }).Load();

        Assert.That(config.Files, Is.EqualTo(new[] { mine, part }));
        Assert.That(config.Find("x", "K")?.Value, Is.EqualTo("explicit"));
        Assert.That(config.Find("general", "LOG_LEVEL"), Is.Null);
    }

    [Test]
    public void Load_ExplicitFileMissing_ThrowsNamingIt()
    {
        var missing = _tree.PathOf("nope.cfg");

        var ex = Assert.Throws<ConfigException>(() => new ConfigLoader(SearchIn() with { ConfigFile = missing }).Load());

        Assert.That(ex!.Errors.Single().File, Is.EqualTo(missing));
        Assert.That(ex.Message, Does.Contain("an existing configuration file"));
    }

    [Test]
    public void Load_SyntaxErrorsInSeveralFiles_AllReportedWithFileAndLine()
    {
        var main = _tree.Write("etc/clues2.cfg", "[general]\nCONFIG_DIR=conf.d\nbroken line\n");
        var part = _tree.Write("etc/conf.d/a.cfg", "KEY=before any section\n");

        var ex = Assert.Throws<ConfigException>(() => new ConfigLoader(SearchIn("etc")).Load());

        Assert.That(ex!.Errors.Select(e => (e.File, e.Line)), Is.EqualTo(new (string?, int?)[] { (main, 3), (part, 1) }));
        Assert.That(ex.Message, Does.Contain($"{main}:3: [general] 'broken line'"));
    }

    [Test]
    public void ReadFile_SameFileReachedTwice_ReadOnce()
    {
        var main = _tree.Write("etc/clues2.cfg", "[general]\nCLUES_PORT=1\n");

        var config = new ConfigLoader(SearchIn("etc", "etc")).Load();

        Assert.That(config.Files, Is.EqualTo(new[] { main }));
    }
}
