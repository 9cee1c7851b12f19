using Clues.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Config;

[TestFixture]
public sealed class ConfigInspectorTests
{
    private static CluesConfig BoundConfig(params (string Section, string Key, string Value)[] values)
    {
        var config = new CluesConfig();
        var line = 1;
        foreach (var (section, key, value) in values)
        {
            config.Set(section, key, value, "clues2.cfg", line++);
        }
        CluesOptions.Bind(config);
        return config;
    }

    [Test]
    public void UnknownKeys_KeyOfAnotherSection_SaysWhereItBelongs()
    {
        var config = BoundConfig(("general", "LRMS_CLASS", "x"), ("general", "MAX_WAIT_POWERON", "300"));

        var warning = ConfigInspector.UnknownKeys(config).Single();

        Assert.That(warning.ToString(), Is.EqualTo(
            "clues2.cfg:2: [general] MAX_WAIT_POWERON is not a [general] key and is ignored: it belongs in [monitoring]"));
    }

    [Test]
    public void UnknownKeys_MisspeltKey_FlaggedAsMisspelt()
    {
        var config = BoundConfig(("scheduling", "IDLE_TIMES", "10"));

        Assert.That(ConfigInspector.UnknownKeys(config).Single().Message, Does.Contain("misspelt"));
    }

    [Test]
    public void UnknownKeys_KeyReadInTwoSections_NamesBoth()
    {
        var config = BoundConfig(("monitoring", "LOG_LEVEL", "info"));

        Assert.That(ConfigInspector.UnknownKeys(config).Single().Message, Does.EndWith("it belongs in [general] or [client]"));
    }

    [Test]
    public void UnknownKeys_KnownKeysOnly_None()
    {
        var config = BoundConfig(("general", "CLUES_PORT", "1"), ("monitoring", "delay_powon", "3"));

        Assert.That(ConfigInspector.UnknownKeys(config), Is.Empty);
    }

    [Test]
    public void UnreadSections_PluginSections_ListedAndNotWarnedAbout()
    {
        var config = BoundConfig(("SLURM", "SLURM_SERVER", "s"), ("general", "CLUES_PORT", "1"), ("scheduler_power_off_idle", "IDLE_TIME", "1"));

        Assert.That(ConfigInspector.UnreadSections(config), Is.EqualTo(new[] { "SLURM", "scheduler_power_off_idle" }));
        Assert.That(ConfigInspector.UnknownKeys(config), Is.Empty);
    }
}
