using Clues.Core.Power.CommandLine;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Docs;

/// <summary>
/// <see cref="ShellJobTable"/>, the model the guide's clean-up check relies on, names the same jobs as a real bash
/// given the guide's pattern: two aliased daemons started in the background, their process ids kept with <c>$!</c>.
/// </summary>
[TestFixture]
public sealed class ShellJobTableTests
{
    // What the aliases expand to: a process that runs until killed and carries the program's name in its command,
    // as "dotnet …/clues-host.dll run" does.
    private const string WrapperCommand = "bash -c 'sleep 300' docker-wrapper.dll --config etc/clues2.cfg";
    private const string HostCommand = "bash -c 'sleep 300' clues-host.dll run --config etc/clues2.cfg";

    [TestCase("%clues-host", ExpectedResult = false, Description = "the alias: bash names the job after its expansion")]
    [TestCase("%docker-wrapper", ExpectedResult = false)]
    [TestCase("%?clues-host", ExpectedResult = true)]
    [TestCase("%?docker-wrapper", ExpectedResult = true)]
    [TestCase("%bash", ExpectedResult = false, Description = "both jobs start so: ambiguous")]
    [TestCase("%2", ExpectedResult = true)]
    [TestCase("%3", ExpectedResult = false)]
    [TestCase("$clues_host", ExpectedResult = true)]
    [TestCase("$wrapper", ExpectedResult = true)]
    [TestCase("$nobody", ExpectedResult = false)]
    public async Task<bool> Kill_NamesAJob_AsBashDoes(string argument)
    {
        TestEnvironment.RequireProgram("bash");
        var model = new ShellJobTable();
        model.Start(WrapperCommand.Replace("'", "", StringComparison.Ordinal));
        Assert.That(model.TryAssign(["wrapper=$!"]), Is.True);
        model.Start(HostCommand.Replace("'", "", StringComparison.Ordinal));
        Assert.That(model.TryAssign(["clues_host=$!"]), Is.True);
        var modelFound = model.Find(argument, out _) is not null;

        var script = Path.Combine(Path.GetTempPath(), $"clues-jobs-{Guid.NewGuid():N}.sh");
        await File.WriteAllLinesAsync(script,
        [
            "shopt -s expand_aliases",
            $"alias docker-wrapper=\"{WrapperCommand.Replace(" --config etc/clues2.cfg", "", StringComparison.Ordinal)}\"",
            $"alias clues-host=\"{HostCommand.Replace(" run --config etc/clues2.cfg", "", StringComparison.Ordinal)}\"",
            "docker-wrapper --config etc/clues2.cfg & wrapper=$!",
            "clues-host run --config etc/clues2.cfg & clues_host=$!",
            $"kill {argument} 2>/dev/null; echo \"kill=$?\"",
            "kill $wrapper $clues_host 2>/dev/null; wait",
        ]);
        try
        {
            var result = await new ShellCommandRunner(TimeProvider.System).RunAsync($"bash --noprofile --norc '{script}'", TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.That(result.TimedOut, Is.False, result.StandardError);
            var bashFound = result.StandardOutput.Contains("kill=0", StringComparison.Ordinal);
            Assert.That(modelFound, Is.EqualTo(bashFound), $"bash says {result.StandardOutput.Trim()}");
            return bashFound;
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Test]
    public void Find_AfterWait_TheVariableNamesNoJobAndTheNumberIsFree()
    {
        var jobs = new ShellJobTable();
        jobs.Start("dotnet clues-host.dll run");
        jobs.TryAssign(["clues_host=$!"]);
        var first = jobs.Find("$clues_host", out _)!;
        ShellJobTable.Kill(first);
        jobs.Wait(first);

        Assert.That(jobs.Find("$clues_host", out var error), Is.Null);
        Assert.That(error, Does.Contain("already waited for"));
        jobs.Start("dotnet clues-host.dll run");
        Assert.That(jobs.Find("%1", out _), Is.Not.Null.And.Property(nameof(ShellJobTable.Job.Alive)).True);
    }

    [Test]
    public void TryAssign_BeforeAnyJob_SaysThatDollarBangIsEmpty()
    {
        var jobs = new ShellJobTable();
        Assert.That(jobs.TryAssign(["clues=dotnet"]), Is.False, "not a $! assignment");
        Assert.That(() => jobs.TryAssign(["clues_host=$!"]), Throws.InvalidOperationException.With.Message.Contains("$! is empty"));
    }
}
