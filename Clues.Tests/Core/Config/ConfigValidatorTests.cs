using Clues.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Config;

[TestFixture]
public sealed class ConfigValidatorTests
{
    private const string File = "/etc/clues2/clues2.cfg";

    private static CluesConfig Config(params (string Section, string Key, string Value)[] values)
    {
        var config = new CluesConfig();
        var line = 1;
        foreach (var (section, key, value) in values)
        {
            config.Set(section, key, value, File, line++);
        }
        return config;
    }

    private static IReadOnlyList<ConfigError> Errors(params (string Section, string Key, string Value)[] values) =>
        new ConfigValidator().Validate(Config(values)).Errors;

    [Test]
    public void Validate_Defaults_Valid()
    {
        var result = new ConfigValidator().Validate(new CluesConfig());

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Options.Scheduling.IdleTime, Is.EqualTo(1800));
    }

    [TestCase("monitoring", "PERIOD_MONITORING_NODES", "0", "busy loop")]
    [TestCase("monitoring", "PERIOD_MONITORING_NODES", "-5", "busy loop")]
    [TestCase("monitoring", "PERIOD_LIFECYCLE", "0", "> 0")]
    [TestCase("monitoring", "PERIOD_MONITORING_JOBS", "-1", "0 = jobs are not monitored")]
    [TestCase("monitoring", "MAX_WAIT_POWERON", "-1", "≥ 0")]
    [TestCase("monitoring", "COOLDOWN_SERVED_REQUESTS", "-120", "≥ 0")]
    [TestCase("general", "LOGGER_MARK", "0", "> 0")]
    [TestCase("general", "TIMEOUT_COMMANDS", "-10", "timeout in seconds ≥ 0")]
    [TestCase("general", "CLUES_PORT", "0", "1 to 65535")]
    [TestCase("general", "CLUES_PORT", "65536", "1 to 65535")]
    [TestCase("general", "LOG_LEVEL", "verbose", "one of debug, info, warning, error")]
    [TestCase("general", "DB_CONNECTION_STRING", "mysql://clues@db", "names no database")]
    [TestCase("general", "DB_CONNECTION_STRING", "mysql://clues@db:99999/clues", "the port '99999' is not a TCP port")]
    [TestCase("general", "DB_CONNECTION_STRING", "postgres://db/clues", "sqlite://<path>")]
    [TestCase("general", "DB_CONNECTION_STRING", "sqlite://", "sqlite://<path>")]
    [TestCase("scheduling", "PERIOD_SCHEDULE", "0", "> 0")]
    [TestCase("scheduling", "PERIOD_RECOVERY_NODES", "-1", "> 0")]
    [TestCase("scheduling", "EXTRA_NODES_PERIOD", "0", "> 0")]
    [TestCase("scheduling", "MAX_BOOTING_NODES", "-1", "0 = no cap")]
    [TestCase("scheduling", "RETRIES_POWER_ON", "-1", "count ≥ 0")]
    [TestCase("scheduling", "IDLE_TIME", "-1", "≥ 0")]
    [TestCase("scheduling", "EXTRA_SLOTS_FREE", "-2", "count ≥ 0")]
    [TestCase("scheduling", "MAX_BLOCKED_TIME", "-1", "0 = forever")]
    [TestCase("hooks", "TIMEOUT_COMMAND", "-1", "0 = no timeout")]
    [TestCase("client", "CLUES_XMLRPC", "localhost:8000", "http:// or https:// URL")]
    [TestCase("client", "CLUES_REQUEST_WAIT_TIMEOUT", "-1", "≥ 0")]
    [TestCase("client", "LOG_LEVEL", "trace", "one of debug")]
    [TestCase("simulator", "POWERON_FAILURE_PROBABILITY", "1.5", "probability from 0 to 1")]
    [TestCase("simulator", "POWEROFF_DELAY_MIN", "-1", "≥ 0")]
    public void Validate_OutOfRangeValue_OneErrorNamingFileSectionKeyAndValue(string section, string key, string value, string expected)
    {
        var errors = Errors((section, key, value));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].ToString(), Does.StartWith($"{File}:1: [{section}] {key} = '{value}': expected "));
        Assert.That(errors[0].Expected, Does.Contain(expected));
    }

    [TestCase("general", "DB_CONNECTION_STRING", "")]
    [TestCase("general", "DB_CONNECTION_STRING", "sqlite:///tmp/x.db")]
    [TestCase("general", "LOG_LEVEL", "WARNING")]
    [TestCase("general", "CLUES_PORT", "65535")]
    [TestCase("monitoring", "PERIOD_MONITORING_JOBS", "0")]
    [TestCase("hooks", "TIMEOUT_COMMAND", "0")]
    [TestCase("client", "CLUES_XMLRPC", "https://clues.example.org/RPC2")]
    public void Validate_BoundaryValue_Accepted(string section, string key, string value)
    {
        Assert.That(Errors((section, key, value)), Is.Empty);
    }

    [Test]
    public void Validate_SimulatorMaxBelowMin_ErrorNamesTheMinimum()
    {
        var errors = Errors(("simulator", "POWERON_DELAY_MIN", "20"));

        Assert.That(errors.Single().Key, Is.EqualTo("POWERON_DELAY_MAX"));
        Assert.That(errors.Single().File, Is.Null);
        Assert.That(errors.Single().Expected, Does.Contain("≥ POWERON_DELAY_MIN (20)").And.Contain("comes from the defaults"));
    }

    [TestCase("fifo", SimulatedQueuePolicy.Fifo)]
    [TestCase("EASY", SimulatedQueuePolicy.EasyBackfilling)]
    public void Validate_SimulatorQueuePolicy_ReadInAnyCase(string value, SimulatedQueuePolicy expected)
    {
        var result = new ConfigValidator().Validate(Config(("simulator", "QUEUE_POLICY", value)));

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Options.Simulator.QueuePolicy, Is.EqualTo(expected));
    }

    [Test]
    public void Validate_SimulatorQueuePolicyUnknown_ErrorNamesTheChoices()
    {
        var errors = Errors(("simulator", "QUEUE_POLICY", "backfill"));

        Assert.That(errors.Single().Key, Is.EqualTo("QUEUE_POLICY"));
        Assert.That(errors.Single().Value, Is.EqualTo("backfill"));
        Assert.That(errors.Single().Expected, Does.Contain("fifo").And.Contain("easy"));
    }

    [Test]
    public void Validate_TypeAndRangeProblemsInSeveralSections_AllReported()
    {
        var errors = Errors(
            ("scheduling", "IDLE_TIME", "60.0"),
            ("monitoring", "NEGATIVE_RESOURCES_MEANS_INFINITE", "sometimes"),
            ("general", "CLUES_PORT", "99999"),
            ("monitoring", "PERIOD_MONITORING_NODES", "0"),
            ("general", "DB_CONNECTION_STRING", "mysql://db:port/clues"));

        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[]
        {
            "IDLE_TIME", "NEGATIVE_RESOURCES_MEANS_INFINITE", "CLUES_PORT", "PERIOD_MONITORING_NODES", "DB_CONNECTION_STRING",
        }));
    }

    [Test]
    public void Validate_InvalidTypedValue_NotReportedAgainAsOutOfRange()
    {
        var errors = Errors(("monitoring", "PERIOD_MONITORING_NODES", "fast"));

        Assert.That(errors.Single().Expected, Does.StartWith("a number"));
    }

    [Test]
    public void Validate_RunTwice_SameErrors()
    {
        var config = Config(("general", "CLUES_PORT", "0"), ("scheduling", "IDLE_TIME", "1.5"));
        var validator = new ConfigValidator();

        var first = validator.Validate(config).Errors;
        var second = validator.Validate(config).Errors;

        Assert.That(second, Is.EqualTo(first));
        Assert.That(second, Has.Count.EqualTo(2));
    }

    [Test]
    public void Load_InvalidConfiguration_ThrowsWithEveryErrorInTheMessage()
    {
        var config = Config(("scheduling", "IDLE_TIME", "60.0"), ("general", "LOG_LEVEL", "loud"));

        var ex = Assert.Throws<ConfigException>(() => CluesOptions.Load(config));

        Assert.That(ex!.Errors, Has.Count.EqualTo(2));
        Assert.That(ex.Message, Does.Contain($"{File}:1: [scheduling] IDLE_TIME = '60.0': expected an integer: write 60, not 60.0"));
        Assert.That(ex.Message, Does.Contain($"{File}:2: [general] LOG_LEVEL = 'loud': expected one of debug, info, warning, error"));
    }

    [Test]
    public void Load_ValidConfiguration_ReturnsBoundSections()
    {
        var options = CluesOptions.Load(Config(("scheduling", "IDLE_TIME", "10"), ("general", "CLUES_PORT", "8080")));

        Assert.That(options.Scheduling.IdleTime, Is.EqualTo(10));
        Assert.That(options.General.Port, Is.EqualTo(8080));
    }
}
