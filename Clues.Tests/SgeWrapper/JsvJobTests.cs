using Clues.Plugins.Sge;
using Clues.SgeWrapper;
using NUnit.Framework;

namespace Clues.Tests.SgeWrapper;

/// <summary>A job's JSV parameters read into CLUES' resources, the same way the plugin reads <c>qstat</c>.</summary>
[TestFixture]
public sealed class JsvJobTests
{
    private static Dictionary<string, string> Params(params string[] pairs) =>
        pairs.Select(p => p.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Test]
    public void PlainJob_IsOneSlotInTheDefaultQueue()
    {
        var resources = JsvJob.Read(Params("CLIENT qsub")).ToResources(null, "all.q");

        Assert.That((resources.Slots, resources.Memory, resources.TaskCount), Is.EqualTo((1d, 0d, 1)));
        Assert.That(resources.Expressions, Is.EqualTo(new[] { "(\"all.q\" in queues)" }));
    }

    [Test]
    public void PeSlotsJobWithMemoryOnAHost_MatchesWhatThePluginReadsFromQstat()
    {
        // qsub -pe smp 2 -l h_vmem=1G -q all.q@sgelab2, as job 16 of the lab capture lab-qstat.xml.
        var request = JsvJob.Read(Params("pe_name smp", "pe_min 2", "pe_max 2", "l_hard h_vmem=1G", "q_hard all.q@sgelab2"));

        var resources = request.ToResources(SgeParallelEnvironment.SlotsPerHost("$pe_slots", request.Slots), "all.q");

        Assert.That((resources.Slots, resources.Memory, resources.TaskCount), Is.EqualTo((2d, 2d * 1024 * 1024 * 1024, 1)));
        Assert.That(resources.Expressions, Is.EqualTo(new[] { "((\"all.q\" in queues) && hostname == \"sgelab2\")" }));
    }

    [TestCase("t_min 1", "t_max 10", "t_step 2", null, 5)]
    [TestCase("t_min 1", "t_max 10", "t_step 2", "tc 3", 3)]
    [TestCase("t_min 1", "t_max 1", "t_step 1", null, 1)]
    public void ArrayJob_CountsItsTasksCappedByTheConcurrencyLimit(string min, string max, string step, string? tc, long tasks)
    {
        var pairs = tc is null ? new[] { min, max, step } : new[] { min, max, step, tc };

        Assert.That(JsvJob.Read(Params(pairs)).ArrayTasks, Is.EqualTo(tasks));
    }

    [Test]
    public void SoftRequests_AreNotLimits()
    {
        var request = JsvJob.Read(Params("q_soft fast.q", "l_soft hostname=sgelab1,h_vmem=8G"));

        Assert.That(request.Destinations, Is.Empty);
        Assert.That((request.HostNames.Count, request.MemoryPerSlot), Is.EqualTo((0, 0d)));
    }

    [Test]
    public void HardQueueWinsOverTheMasterQueue()
    {
        Assert.That(JsvJob.Read(Params("q_hard a.q", "masterq b.q")).Destinations.Single().Queue, Is.EqualTo("a.q"));
        Assert.That(JsvJob.Read(Params("masterq b.q")).Destinations.Single().Queue, Is.EqualTo("b.q"));
    }

    [TestCase("h u", true)]
    [TestCase("h n", false)]
    [TestCase("N x", false)]
    public void HeldJobs_AreRecognised(string pair, bool held) => Assert.That(JsvJob.IsHeld(Params(pair)), Is.EqualTo(held));

    [TestCase("pe_name $(reboot)", "pe_name")]
    [TestCase("t_max x", "t_max 'x'")]
    [TestCase("l_hard h_vmem=lots", "h_vmem=lots")]
    [TestCase("l_hard hostname=a\"||true", "hostname=a\"||true")]
    [TestCase("q_hard a b", "'a b'")]
    public void UnreadableParameters_AreRefusedNamingThem(string pair, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => JsvJob.Read(Params(pair)));

        Assert.That(ex!.Message, Does.Contain(expected));
    }
}

/// <summary>What a real qsub (Grid Engine 8.1.9) sends its JSV, captured in the lab (TestData/qsub-jsv-input.txt) for
/// <c>qsub -h -b y -l h_vmem=1G,hostname=sgelab2 -pe smp 2-3 -q all.q@sgelab2,all.q@@allhosts -t 1-10:2 -tc 2
/// -soft -q fast.q sleep 1</c>.</summary>
[TestFixture]
public sealed class RealQsubJsvInputTests
{
    private static string Input => File.ReadAllText(Path.Combine(Clues.Tests.Common.TestEnvironment.RepositoryRoot,
        "Clues.Tests", "SgeWrapper", "TestData", "qsub-jsv-input.txt"));

    [Test]
    public async Task TheConversation_IsAnsweredAndReadAsCluesResources()
    {
        IReadOnlyDictionary<string, string>? job = null;
        using var output = new StringWriter();

        await new JsvSession(new StringReader(Input), output).RunAsync((p, _) =>
        {
            job = p;
            return Task.FromResult<IReadOnlyList<string>>([]);
        }, CancellationToken.None);

        Assert.That(output.ToString(), Is.EqualTo("STARTED\nRESULT STATE ACCEPT\n"));
        Assert.That(JsvJob.IsHeld(job!), Is.True, "-h: not announced");
        var request = JsvJob.Read(job!);
        var resources = request.ToResources(SgeParallelEnvironment.SlotsPerHost("$pe_slots", request.Slots), "all.q");
        Assert.That((resources.Slots, resources.Memory, resources.TaskCount), Is.EqualTo((2d, 2d * 1024 * 1024 * 1024, 2)),
            "pe_min 2 slots on one host, 2 array tasks at once (-tc 2), h_vmem per slot");
        Assert.That(resources.Expressions, Is.EqualTo(new[]
        {
            "(((\"all.q\" in queues) && hostname == \"sgelab2\") || ((\"all.q\" in queues) && (\"@allhosts\" in hostgroups))) && hostname == \"sgelab2\"",
        }), "the soft queue fast.q is not a limit");
    }
}
