using Clues.Core.Config;
using Clues.Host.Commands;
using Clues.Tests.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Host;

[TestFixture]
public sealed class PluginFolderReportTests
{
    private TempConfigTree _tree = null!;

    [SetUp]
    public void SetUp() => _tree = new TempConfigTree();

    [TearDown]
    public void TearDown() => _tree.Dispose();

    private string Report(string pluginDir)
    {
        var main = _tree.Write("etc/clues2.cfg", $"[general]\nPLUGIN_DIR={pluginDir}\n");
        var config = new ConfigLoader(new ConfigLoaderOptions { SearchDirectories = [], ConfigFile = main }).Load();
        using var stdout = new StringWriter();
        PluginFolderReport.Write(stdout, config);
        return stdout.ToString();
    }

    [Test]
    public void Write_FolderMissing_SaysSoWithTheKey()
    {
        var folder = _tree.PathOf("absent");

        Assert.That(Report(folder), Is.EqualTo($"Plugin assemblies: none ([general] PLUGIN_DIR {folder} does not exist).\n\n"));
    }

    [Test]
    public void Write_FolderWithoutAssemblies_SaysNone()
    {
        var folder = _tree.PathOf("plugins");
        _tree.Write("plugins/README.txt", "not an assembly");

        Assert.That(Report(folder), Is.EqualTo($"Plugin assemblies: none in {folder} ([general] PLUGIN_DIR).\n\n"));
    }

    [Test]
    public void Write_DroppedInAssembly_ListedWithEachPartByItsAlias()
    {
        var folder = _tree.PathOf("plugins");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), Path.Combine(folder, "Clues.Tests.FilePlugin.dll"));

        Assert.That(Report(folder), Is.EqualTo(
            $"Plugin assemblies in {folder} ([general] PLUGIN_DIR):\n  Clues.Tests.FilePlugin.dll: LRMS plugin tests.file, power manager tests.filepower\n\n"));
    }
}
