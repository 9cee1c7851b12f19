using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Plugins.Sge;
using NUnit.Framework;
using static Clues.Tests.Plugins.Sge.SgeTestData;

namespace Clues.Tests.Plugins.Sge;

/// <summary>Jobs from real <c>qstat -r -xml</c> outputs (lab captures): states, sizes, and requirements that match the
/// right hosts under CLUES' own expression evaluator.</summary>
[TestFixture]
public sealed class SgeJobTests
{
    private const double GiB = 1024d * 1024 * 1024;

    private static ScriptedSgeCommands LabJobs(string capture) => new ScriptedSgeCommands()
        .On(Jobs, Lab(capture))
        .On(Pe("smp"), Lab("lab-qconf-sp-smp.txt"))
        .On(Pe("mpi"), Lab("lab-qconf-sp-mpi.txt"));

    private static async Task<Dictionary<string, JobInfo>> JobsAsync(ScriptedSgeCommands commands, SgeLrmsOptions? options = null) =>
        (await Plugin(commands, options).GetJobsAsync(CancellationToken.None)).ToDictionary(j => j.JobId);

    /// <summary>The hosts of the idle lab capture whose keywords meet <paramref name="job"/>'s requirement.</summary>
    private static async Task<string[]> HostsMatchingAsync(JobInfo job)
    {
        var nodes = await Plugin(WithLabGroups().On(Hosts, Lab("lab-qhost-idle.xml"))).GetNodesAsync(CancellationToken.None);
        var evaluator = new RequirementEvaluator();
        return nodes.Where(n => evaluator.Matches(job.Resources.Expressions, n.Keywords)).Select(n => n.Name).ToArray();
    }

    [Test]
    public async Task GetJobs_LabQueue_ReportsRunningAndPendingJobsWithTheirStates()
    {
        var jobs = await JobsAsync(LabJobs("lab-qstat.xml"));

        Assert.That(jobs.Keys, Is.EquivalentTo(new[] { "15", "16", "17", "18", "19", "20" }));
        Assert.Multiple(() =>
        {
            Assert.That((jobs["15"].State, jobs["15"].NodeIds), Is.EqualTo((RequestState.Attended, new[] { "sgelab1" })));
            Assert.That(jobs["16"].State, Is.EqualTo(RequestState.Pending));
            Assert.That(jobs["16"].NodeIds, Is.Empty);
            Assert.That(jobs["20"].State, Is.EqualTo(RequestState.Blocked), "a held job waits for a person, not for a node");
        });
    }

    [Test]
    public async Task GetJobs_PeSlotsJobWithVmem_IsOneTaskOfAllItsSlotsAndMemoryOnTheNamedHost()
    {
        var job = (await JobsAsync(LabJobs("lab-qstat.xml")))["16"];   // -pe smp 2 -l h_vmem=1G -q all.q@sgelab2

        Assert.That((job.Resources.Slots, job.Resources.Memory, job.Resources.TaskCount), Is.EqualTo((2d, 2 * GiB, 1)));
        Assert.That(job.Resources.Expressions, Is.EqualTo(new[] { "((\"all.q\" in queues) && hostname == \"sgelab2\")" }));
        Assert.That(await HostsMatchingAsync(job), Is.EqualTo(new[] { "sgelab2" }));
    }

    [Test]
    public async Task GetJobs_ArrayJobOnAHostGroup_IsOneTaskPerArrayTaskOnTheGroupsHosts()
    {
        var job = (await JobsAsync(LabJobs("lab-qstat.xml")))["17"];   // -t 1-10:2 -q all.q@@allhosts, 5 tasks pending

        Assert.That((job.Resources.Slots, job.Resources.TaskCount), Is.EqualTo((1d, 5)));
        Assert.That(await HostsMatchingAsync(job), Is.EqualTo(new[] { "sgelab1", "sgelab2" }));
    }

    [Test]
    public async Task GetJobs_FillUpPeWithARange_IsItsMinimumSlotsSpreadAnywhereInTheQueues()
    {
        var job = (await JobsAsync(LabJobs("lab-qstat.xml")))["18"];   // -pe mpi 2-4 -q all.q,all.q@sgelab2

        Assert.That((job.Resources.Slots, job.Resources.TaskCount), Is.EqualTo((1d, 2)));
        Assert.That(await HostsMatchingAsync(job), Is.EqualTo(new[] { "sgelab1", "sgelab2" }), "all.q anywhere, or all.q on sgelab2");
    }

    [Test]
    public async Task GetJobs_HostnameRequest_MatchesOnlyThatHost()
    {
        var job = (await JobsAsync(LabJobs("lab-qstat.xml")))["19"];   // -l hostname=sgelab2

        Assert.That(job.Resources.Expressions, Is.EqualTo(new[] { "(\"all.q\" in queues) && hostname == \"sgelab2\"" }));
        Assert.That(await HostsMatchingAsync(job), Is.EqualTo(new[] { "sgelab2" }));
    }

    [Test]
    public async Task GetJobs_RunningArrayTasks_HaveIdsOfTheirOwnBesideThePendingRest()
    {
        var jobs = await JobsAsync(LabJobs("lab-qstat-array-running.xml"));

        Assert.That(jobs.Keys, Is.EquivalentTo(new[] { "21.1", "21.2", "21" }));
        Assert.That(jobs["21.1"].State, Is.EqualTo(RequestState.Attended));
        Assert.That((jobs["21"].State, jobs["21"].Resources.TaskCount), Is.EqualTo((RequestState.Pending, 4)));
    }

    [Test]
    public async Task GetJobs_ReadsEachParallelEnvironmentOncePerPass()
    {
        var commands = LabJobs("lab-qstat.xml");
        var plugin = Plugin(commands);

        await plugin.GetJobsAsync(CancellationToken.None);
        await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(commands.Runs.Count(r => r == Pe("smp")), Is.EqualTo(2));
        Assert.That(commands.Runs.Count(r => r == Pe("mpi")), Is.EqualTo(2));
    }

    [Test]
    public async Task GetJobs_EmptyDefaultQueue_LeavesAPlainJobFreeToRunAnywhere()
    {
        var jobs = await JobsAsync(LabJobs("lab-qstat.xml"), new SgeLrmsOptions { DefaultQueue = "" });

        Assert.That(jobs["19"].Resources.Expressions, Is.EqualTo(new[] { "hostname == \"sgelab2\"" }));   // -l hostname=sgelab2 only
        Assert.That(jobs["20"].Resources.Expressions, Is.EqualTo(new[] { "" }));
    }

    [Test]
    public async Task GetJobs_NoJobs_IsAnEmptyList()
    {
        var commands = new ScriptedSgeCommands().On(Jobs, "<?xml version='1.0'?>\n<job_info>\n  <queue_info>\n  </queue_info>\n  <job_info>\n  </job_info>\n</job_info>\n");

        Assert.That(await JobsAsync(commands), Is.Empty);
    }

    [TestCase("error: failed receiving gdi request response", "readable XML")]
    [TestCase("<job_info><job_list state='pending'><slots>1</slots></job_list></job_info>", "it has no <JB_job_number>")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7;ls</JB_job_number><slots>1</slots></job_list></job_info>", "is not a job number")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7</JB_job_number><slots>x</slots></job_list></job_info>", "slots 'x' is not a count")]
    [TestCase("<job_info>\n<job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots></job_list>\n<job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots></job_list></job_info>", "line 3: job 7 is listed twice")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots><tasks>1-x</tasks></job_list></job_info>", "job 7: '1-x' is not a task range")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots><hard_req_queue>a\"||true||\"q</hard_req_queue></job_list></job_info>", "is not a queue destination")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots><hard_request name='hostname'>x\" || true</hard_request></job_list></job_info>", "is not a host or queue name")]
    [TestCase("<job_info><job_list state='pending'><JB_job_number>7</JB_job_number><slots>1</slots><requested_pe name='$(reboot)'>2</requested_pe></job_list></job_info>", "is not a parallel environment name")]
    public void GetJobs_UnreadableOutput_IsAMonitoringFailureNamingTheJob(string output, string expected)
    {
        var ex = Assert.ThrowsAsync<SgeFormatException>(() => JobsAsync(new ScriptedSgeCommands().On(Jobs, output)));

        Assert.That(ex!.Message, Does.Contain(Jobs).And.Contain(expected));
    }

    [Test]
    public void GetJobs_UnknownAllocationRule_IsAMonitoringFailureNamingTheJob()
    {
        var commands = new ScriptedSgeCommands().On(Jobs, Lab("lab-qstat.xml")).On(Pe("smp"), "pe_name smp\nallocation_rule $weird\n")
            .On(Pe("mpi"), Lab("lab-qconf-sp-mpi.txt"));

        var ex = Assert.ThrowsAsync<SgeFormatException>(() => JobsAsync(commands));

        Assert.That(ex!.Message, Does.Contain("job 16").And.Contain("$weird"));
    }

    [TestCase("7", 1)]
    [TestCase("1-10", 10)]
    [TestCase("1-10:2", 5)]
    [TestCase("3-9:2", 4)]
    [TestCase("1-4:2", 2)]
    [TestCase("1,3,5-7", 5)]
    public void TaskRange_Counts(string range, long tasks) => Assert.That(SgeTaskRange.Count(range), Is.EqualTo(tasks));

    [TestCase("")]
    [TestCase("1-")]
    [TestCase("1-5:0")]
    [TestCase("1-99999999999")]
    [TestCase("-3")]
    public void TaskRange_Unreadable_IsRefused(string range) => Assert.Throws<FormatException>(() => SgeTaskRange.Count(range));

    [TestCase("$pe_slots", 6, 6)]
    [TestCase("4", 6, 4)]
    [TestCase("$fill_up", 6, null)]
    [TestCase("$round_robin", 6, null)]
    public void AllocationRule_GivesSlotsPerHost(string rule, int slots, int? perHost) =>
        Assert.That(SgeParallelEnvironment.SlotsPerHost(rule, slots), Is.EqualTo(perHost));

    [Test]
    public void Resources_IntegerRule_SplitsTheSlotsIntoTasksOfThatSize()
    {
        var request = new SgeJobRequest { Slots = 6, ParallelEnvironment = "mpi4", MemoryPerSlot = 100, ArrayTasks = 2 };

        var resources = request.ToResources(4, "all.q");

        Assert.That((resources.Slots, resources.Memory, resources.TaskCount), Is.EqualTo((4d, 400d, 4)));
    }

    [TestCase("*@sgelab2", "hostname == \"sgelab2\"")]
    [TestCase("*", "")]
    [TestCase("all*", "")]
    [TestCase("all.q@sgelab*", "(\"all.q\" in queues)")]
    [TestCase("a.q,b.q", "((\"a.q\" in queues) || (\"b.q\" in queues))")]
    public void Requirement_QueueDestinations(string list, string expected) =>
        Assert.That(SgeRequirement.Build(SgeQueueDestination.ParseList(list), [], [], "all.q"), Is.EqualTo(expected));

    [Test]
    public void Requirement_QueueWithHostAndHostGroup_IsWellFormedAndParses()
    {
        // FIX: CLUES' JSV wrapper added "&&" only when the expression was still empty, giving '("q" in queues) hostname in [...]'.
        var expression = SgeRequirement.Build(SgeQueueDestination.ParseList("all.q@sgelab1,fast.q@@gpus"), ["sgelab1"], [], "all.q");

        Assert.That(expression, Is.EqualTo("(((\"all.q\" in queues) && hostname == \"sgelab1\") || ((\"fast.q\" in queues) && (\"@gpus\" in hostgroups))) && hostname == \"sgelab1\""));
        Assert.That(RequirementEvaluator.TryParse(expression, out var error), Is.True, error);
    }
}
