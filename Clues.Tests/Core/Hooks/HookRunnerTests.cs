using Clues.Core.Config;
using Clues.Core.Hooks;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Hooks;

/// <summary>The hook commands run as real processes, without a shell, with CLUES' arguments and in firing order.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HookRunnerTests
{
    private string _dir = null!;
    private string _log = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("clues-hooks-").FullName;
        _log = Path.Combine(_dir, "calls.log");
        WriteScript("record.sh", $"#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '{_log}'\n");
        WriteScript("slow.sh", "#!/bin/sh\nsleep 30\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test, CancelAfter(20_000)]
    public async Task Fire_SeveralHooks_RunInOrderWithArguments(CancellationToken ct)
    {
        var runner = Runner(("POWEREDON", "record.sh"), ("OFFERR", "record.sh"), ("POST_POWERON", "record.sh"));

        runner.PoweredOn("wn01", unexpected: true);
        runner.OffErr("wn02", 3);
        runner.Fire("POST_POWERON", "wn03", "0", "None");
        runner.Fire("IDLE", "wn04"); // not configured: nothing runs
        await runner.DrainAsync();

        Assert.That(File.ReadAllLines(_log), Is.EqualTo(new[] { "record.sh wn01", "record.sh wn02 3", "record.sh wn03 0 None" }));
    }

    [Test, CancelAfter(20_000)]
    public async Task Fire_HookPastTimeout_IsKilledAndLaterHooksStillRun(CancellationToken ct)
    {
        var runner = Runner(("PRE_POWERON", "slow.sh"), ("POST_POWERON", "record.sh"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        runner.Fire("PRE_POWERON", "wn01");
        runner.Fire("POST_POWERON", "wn01", "1", "wn01");
        await runner.DrainAsync();

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "the slow hook must be killed at TIMEOUT_COMMAND");
        Assert.That(File.ReadAllLines(_log), Is.EqualTo(new[] { "record.sh wn01 1 wn01" }));
    }

    [Test, CancelAfter(20_000)]
    public async Task Fire_MissingWorkingFolder_DoesNotRunTheHook(CancellationToken ct)
    {
        var options = new HooksOptions
        {
            TimeoutCommand = 2,
            WorkingFolder = Path.Combine(_dir, "absent"),
            Commands = new Dictionary<string, string> { ["UNKNOWN"] = Path.Combine(_dir, "record.sh") },
        };
        var runner = new HookRunner(options, NullLogger<HookRunner>.Instance);

        runner.Unknown("wn01");
        await runner.DrainAsync();

        Assert.That(File.Exists(_log), Is.False);
    }

    private HookRunner Runner(params (string Hook, string Command)[] hooks) => new(new HooksOptions
    {
        TimeoutCommand = 2,
        WorkingFolder = _dir,
        Commands = hooks.ToDictionary(h => h.Hook, h => h.Command),
    }, NullLogger<HookRunner>.Instance);

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
