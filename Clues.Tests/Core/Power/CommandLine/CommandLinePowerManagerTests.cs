using Clues.Core.Config;
using Clues.Core.Power.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Power.CommandLine;

[TestFixture]
public sealed class CommandLinePowerManagerTests
{
    private ScriptDirectory _dir = null!;
    private string _hosts = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new ScriptDirectory();
        _hosts = _dir.File("nodes.hosts");
        File.WriteAllText(_hosts, "10.0.0.7 node07\n0a:0b:0c:0d:0e:08\tnode08\n");
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private CluesConfig Config(string section, string prefix, string on, string off, string? hosts = null, double timeout = 5)
    {
        var config = new CluesConfig();
        config.Set(section, prefix + "_CMDLINE_POWON", on, "plugin.cfg");
        config.Set(section, prefix + "_CMDLINE_POWOFF", off, "plugin.cfg");
        config.Set(section, prefix + "_HOSTS_FILE", hosts ?? _hosts, "plugin.cfg");
        config.Set(GeneralOptions.Section, "TIMEOUT_COMMANDS", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return config;
    }

    private GenericCommandLinePowerManager CommandLine(string on, string off = "true", string? hosts = null, double timeout = 5) =>
        new(Config("COMMANDLINE", "COMMANDLINE", on, off, hosts, timeout), NullLogger<GenericCommandLinePowerManager>.Instance, TimeProvider.System);

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_DoublePercentPlaceholders_AreSubstituted(CancellationToken ct)
    {
        var pm = CommandLine($"sh {_dir.Recorder()} on %%h %%a");

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(result.NodeName, Is.EqualTo("node07"));
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "on", "node07", "10.0.0.7" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_SinglePercentPlaceholders_AreSubstituted(CancellationToken ct)
    {
        var pm = CommandLine("true", $"sh {_dir.Recorder()} off %h=%a");

        var result = await pm.PowerOffAsync("node08", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "off", "node08=0a:0b:0c:0d:0e:08" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_NodeNotInHostsFile_FailsWithoutRunning(CancellationToken ct)
    {
        var pm = CommandLine($"sh {_dir.Recorder()} %%h");

        var result = await pm.PowerOnAsync("node99", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("node99").And.Contain("not listed"));
        Assert.That(_dir.Recorded(), Is.Null);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_MissingHostsFile_FailsEachTimeWithReason(CancellationToken ct)
    {
        var missing = _dir.File("absent.hosts");
        var pm = CommandLine($"sh {_dir.Recorder()} %%h", hosts: missing);

        var first = await pm.PowerOnAsync("node07", ct);
        var second = await pm.PowerOffAsync("node07", ct);

        Assert.That(first.Success, Is.False);
        Assert.That(first.Error, Does.Contain(missing).And.Contain("COMMANDLINE_HOSTS_FILE"));
        Assert.That(second.Success, Is.False);
        Assert.That(second.Error, Does.Contain("cannot be read"));
        Assert.That(_dir.Recorded(), Is.Null);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_HostsFileAppearsLater_IsReadThen(CancellationToken ct)
    {
        var late = _dir.File("late.hosts");
        var pm = CommandLine($"sh {_dir.Recorder()} %%a", hosts: late);
        Assert.That((await pm.PowerOnAsync("node01", ct)).Success, Is.False);

        File.WriteAllText(late, "192.168.1.1 node01\n");
        var result = await pm.PowerOnAsync("node01", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "192.168.1.1" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_NonZeroExit_FailsWithCommandLineExitCodeAndStderr(CancellationToken ct)
    {
        var script = _dir.Script("fail.sh", "echo \"cannot reach $1\" >&2; exit 4");
        var pm = CommandLine($"sh {script} %%h");

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain($"sh {script} node07").And.Contain("code 4").And.Contain("cannot reach node07"));
    }

    [Test, CancelAfter(15_000)]
    public async Task PowerOnAsync_CommandOverrunsTimeout_FailsAndKillsIt(CancellationToken ct)
    {
        var script = _dir.Script("slow.sh", $"echo $$ > '{_dir.File("pid")}'; sleep 30");
        var pm = CommandLine($"sh {script}", timeout: 0.5);

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("timed out"));
        var pid = int.Parse(File.ReadAllText(_dir.File("pid")).Trim());
        Assert.That(await ScriptDirectory.WaitGoneAsync(pid, TimeSpan.FromSeconds(5)), Is.True);
    }

    [TestCase("node08\n", "node08")]
    [TestCase("  node08  \n", "node08")]
    [TestCase("", "node07")]
    [TestCase("\n", "node07")]
    [TestCase("powered on node08\n", "node07")]
    [CancelAfter(10_000)]
    public async Task PowerOnAsync_Output_NamesRealNodeOnlyWhenOneWord(string output, string expected, CancellationToken ct)
    {
        File.WriteAllText(_dir.File("out.txt"), output);
        var pm = CommandLine($"cat {_dir.File("out.txt")}");

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(result.NodeName, Is.EqualTo(expected));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_EmptyCommand_FailsNamingTheKey(CancellationToken ct)
    {
        var pm = CommandLine("");

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWON"));
    }

    [Test, CancelAfter(10_000)]
    public async Task Ipmi_OneWordOutput_StillReportsRequestedNode(CancellationToken ct)
    {
        var config = Config("IPMI", "IPMI", "echo other-node", "true");
        var pm = new IpmiPowerManager(config, NullLogger<IpmiPowerManager>.Instance, TimeProvider.System);

        var result = await pm.PowerOnAsync("node07", ct);

        Assert.That(result, Is.EqualTo(Clues.Core.Model.PowerResult.Ok("node07")));
    }

    [Test, CancelAfter(10_000)]
    public async Task Wol_MacAddressPlaceholder_IsSubstituted(CancellationToken ct)
    {
        var config = Config("WOL", "WOL", $"sh {_dir.Recorder()} %%a", "true");
        var pm = new WolPowerManager(config, NullLogger<WolPowerManager>.Instance, TimeProvider.System);

        var result = await pm.PowerOnAsync("node08", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "0a:0b:0c:0d:0e:08" }));
    }

    [Test]
    public void Wol_MissingHostsFile_ConstructsWithoutExiting()
    {
        var config = new CluesConfig();
        config.Set("WOL", "WOL_HOSTS_FILE", _dir.File("nothing.hosts"));

        Assert.That(() => new WolPowerManager(config, NullLogger<WolPowerManager>.Instance, TimeProvider.System), Throws.Nothing);
    }

    [Test]
    public void Read_SharedIpmiExample_KeepsDoublePercentAndQuotes()
    {
        var config = new CluesConfig();
        config.Set("IPMI", "IPMI_CMDLINE_POWON", "/usr/bin/ipmitool -I lan -H %%a -P \"\" power on");

        var options = CommandLinePowerOptions.Read(config, "IPMI", "IPMI", IpmiPowerManager.DefaultHostsFile);

        Assert.That(options.PowerOnCommand, Is.EqualTo("/usr/bin/ipmitool -I lan -H %%a -P \"\" power on"));
        Assert.That(options.HostsFile, Is.EqualTo("ipmi.hosts"));
        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(CommandTemplate.Substitute(options.PowerOnCommand, "n1", "10.1.1.1"),
            Is.EqualTo("/usr/bin/ipmitool -I lan -H 10.1.1.1 -P \"\" power on"));
    }
}
