using Clues.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Config;

[TestFixture]
public sealed class CluesConfigTests
{
    private static CluesConfig With(string section, string key, string value, int line = 7)
    {
        var config = new CluesConfig();
        config.Set(section, key, value, "/etc/clues2/clues2.cfg", line);
        return config;
    }

    [Test]
    public void GetString_HashInValue_CutThereAndTrimmed()
    {
        var config = With("general", "CLUES_SECRET_TOKEN", "  abc#def ");

        Assert.That(config.GetString("general", "CLUES_SECRET_TOKEN", ""), Is.EqualTo("abc"));
    }

    [Test]
    public void GetString_Absent_ReturnsDefault()
    {
        Assert.That(new CluesConfig().GetString("general", "CLUES_HOST", "localhost"), Is.EqualTo("localhost"));
    }

    [Test]
    public void GetInt_DecimalWrittenValue_RejectedWithFileLineSectionKeyValueAndType()
    {
        var config = With("scheduling", "IDLE_TIME", "60.0");

        var value = config.GetInt("scheduling", "IDLE_TIME", 1800);

        Assert.That(value, Is.EqualTo(1800));
        Assert.That(config.Errors, Has.Count.EqualTo(1));
        Assert.That(config.Errors[0].ToString(),
            Is.EqualTo("/etc/clues2/clues2.cfg:7: [scheduling] IDLE_TIME = '60.0': expected an integer: write 60, not 60.0"));
    }

    [Test]
    public void GetInt_Words_RejectedAsNotAnInteger()
    {
        var config = With("general", "CLUES_PORT", "eighty");

        config.GetInt("general", "CLUES_PORT", 8000);

        Assert.That(config.Errors.Single().Expected, Is.EqualTo("an integer (such as 60)"));
    }

    [TestCase(" 42 ", 42)]
    [TestCase("-3", -3)]
    [TestCase("+5", 5)]
    public void GetInt_IntegerText_Parsed(string text, int expected)
    {
        var config = With("scheduling", "IDLE_TIME", text);

        Assert.That(config.GetInt("scheduling", "IDLE_TIME", 0), Is.EqualTo(expected));
        Assert.That(config.Errors, Is.Empty);
    }

    [TestCase("60", 60.0)]
    [TestCase("2.5", 2.5)]
    [TestCase("1e2", 100.0)]
    public void GetDouble_NumberText_Parsed(string text, double expected)
    {
        var config = With("monitoring", "DELAY_POWON", text);

        Assert.That(config.GetDouble("monitoring", "DELAY_POWON", 10), Is.EqualTo(expected));
    }

    [Test]
    public void GetDouble_NotANumber_ErrorAndDefault()
    {
        var config = With("monitoring", "DELAY_POWON", "10s");

        Assert.That(config.GetDouble("monitoring", "DELAY_POWON", 10), Is.EqualTo(10));
        Assert.That(config.Errors.Single().ToString(), Does.Contain("[monitoring] DELAY_POWON = '10s': expected a number"));
    }

    [TestCase("True", true)]
    [TestCase("yes", true)]
    [TestCase("ON", true)]
    [TestCase("1", true)]
    [TestCase("false", false)]
    [TestCase("No", false)]
    [TestCase("off", false)]
    [TestCase("0", false)]
    public void GetBool_ConfigParserWords_Parsed(string text, bool expected)
    {
        var config = With("monitoring", "NEGATIVE_RESOURCES_MEANS_INFINITE", text);

        Assert.That(config.GetBool("monitoring", "NEGATIVE_RESOURCES_MEANS_INFINITE", !expected), Is.EqualTo(expected));
        Assert.That(config.Errors, Is.Empty);
    }

    [Test]
    public void GetBool_OtherWord_ErrorListsTheAcceptedWords()
    {
        var config = With("monitoring", "NEGATIVE_RESOURCES_MEANS_INFINITE", "maybe");

        Assert.That(config.GetBool("monitoring", "NEGATIVE_RESOURCES_MEANS_INFINITE", true), Is.True);
        Assert.That(config.Errors.Single().ToString(), Is.EqualTo(
            "/etc/clues2/clues2.cfg:7: [monitoring] NEGATIVE_RESOURCES_MEANS_INFINITE = 'maybe': expected a boolean (true/false, yes/no, on/off, 1/0)"));
    }

    [Test]
    public void Find_KeysIgnoreCaseButSectionsDoNot()
    {
        var config = With("general", "clues_port", "9000");

        Assert.That(config.Find("general", "CLUES_PORT")?.Value, Is.EqualTo("9000"));
        Assert.That(config.Find("GENERAL", "CLUES_PORT"), Is.Null);
    }

    [Test]
    public void Find_KeyOnlyInDefaultSection_FallsBackToIt()
    {
        var config = With(CluesConfig.DefaultSection, "LOG_LEVEL", "info");

        Assert.That(config.GetString("client", "LOG_LEVEL", "debug"), Is.EqualTo("info"));
        Assert.That(config.Entries("client"), Is.Empty);
    }

    [Test]
    public void Set_SameKeyAgain_LaterValueAndOriginWin()
    {
        var config = With("general", "CLUES_PORT", "8000", line: 3);
        config.Set("general", "CLUES_PORT", "9000", "/etc/clues2/conf.d/port.cfg", 1);

        Assert.That(config.Find("general", "CLUES_PORT"), Is.EqualTo(new ConfigEntry("CLUES_PORT", "9000", "/etc/clues2/conf.d/port.cfg", 1)));
    }

    [Test]
    public void Reads_TypedGetters_RecordEffectiveValueDefaultAndOrigin()
    {
        var config = With("general", "CLUES_PORT", "9000");

        config.GetInt("general", "CLUES_PORT", 8000);
        config.GetDouble("general", "LOGGER_MARK", 1800);
        config.GetInt("general", "clues_port", 1);

        Assert.That(config.Reads, Has.Count.EqualTo(2));
        Assert.That(config.Reads[0], Is.EqualTo(new ConfigRead("general", "CLUES_PORT", ConfigValueKind.Int, "8000", "9000",
            new ConfigEntry("CLUES_PORT", "9000", "/etc/clues2/clues2.cfg", 7))));
        Assert.That(config.Reads[1], Is.EqualTo(new ConfigRead("general", "LOGGER_MARK", ConfigValueKind.Double, "1800", "1800", null)));
    }

    [Test]
    public void Reads_InvalidValue_DefaultInEffectAndRejectedEntryKept()
    {
        var config = With("general", "CLUES_PORT", "8000.5");

        config.GetInt("general", "CLUES_PORT", 8000);

        Assert.That(config.Reads[0].Entry, Is.Null);
        Assert.That(config.Reads[0].RejectedEntry?.Value, Is.EqualTo("8000.5"));
        Assert.That(config.Reads[0].EffectiveValue, Is.EqualTo("8000"));
    }

    [Test]
    public void AddError_BindingTwice_EachProblemRecordedOnce()
    {
        var config = With("scheduling", "IDLE_TIME", "60.0");

        SchedulingOptions.Bind(config);
        SchedulingOptions.Bind(config);

        Assert.That(config.Errors, Has.Count.EqualTo(1));
    }
}
