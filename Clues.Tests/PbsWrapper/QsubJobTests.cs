using Clues.PbsWrapper;
using NUnit.Framework;

namespace Clues.Tests.PbsWrapper;

/// <summary>What the submit filter reads from a job script's directives and qsub's arguments.</summary>
[TestFixture]
public sealed class QsubJobTests
{
    private const string Script = """
        #!/bin/bash
        # a comment
        #PBS -N mpi-run
        #PBS -q batch -l nodes=2:ppn=4,walltime=01:00:00
        #PBS -lmem=8gb

        #PBS -t 1-10
        cd $PBS_O_WORKDIR
        #PBS -l nodes=99
        mpirun ./a.out
        """;

    [Test]
    public void Directives_UntilTheFirstCommand()
    {
        var job = QsubJob.Read(Script, []);
        var resources = job.ToResources();

        Assert.That((job.Queue, job.Resource("nodes"), job.Resource("mem"), job.ArrayCopies()), Is.EqualTo(("batch", "2:ppn=4", "8gb", 10)));
        Assert.That((resources.TaskCount, resources.Slots, resources.Memory), Is.EqualTo((20, 4.0, 8.0 * 1024 * 1024 * 1024 / 20)));
        Assert.That(resources.Expressions, Is.EqualTo(new[] { "(\"batch\" in queues) && ppn>=4" }));
    }

    [Test]
    public void CommandLine_WinsOverDirectives()
    {
        var job = QsubJob.Read(Script, ["-q", "gpu@torque-head", "-l", "nodes=node07:gpus=1", "-t", "1-100%5", "job.sh"]);

        Assert.That((job.Queue, job.Resource("nodes"), job.Resource("mem"), job.ArrayCopies()), Is.EqualTo(("gpu", "node07:gpus=1", "8gb", 5)));
        Assert.That(job.ToResources().Expressions.Single(), Is.EqualTo("hostname==\"node07\" && (\"gpu\" in queues) && gpus>=1"));
    }

    [Test]
    public void OtherDirectivePrefix_WithMinusC()
    {
        var job = QsubJob.Read("#!/bin/sh\n#MY -l nodes=3\n#PBS -l nodes=5\n", ["-C", "#MY"]);

        Assert.That(job.Resource("nodes"), Is.EqualTo("3"));
    }

    [Test]
    public void NoDirectives_OneNodeAnyQueue()
    {
        var resources = QsubJob.Read("sleep 60\n", []).ToResources();

        Assert.That((resources.TaskCount, resources.Slots, resources.Memory, resources.Expressions.Single()), Is.EqualTo((1, 1.0, 0.0, "")));
    }

    [TestCase("1-10,15,20-21", 13)]
    [TestCase("0-99%10", 10)]
    [TestCase("5", 1)]
    [TestCase("1-3%50", 3)]
    public void ArrayCopies(string array, int copies) =>
        Assert.That(QsubJob.Read("", ["-t", array]).ArrayCopies(), Is.EqualTo(copies));

    [TestCase("10-1")]
    [TestCase("a-b")]
    [TestCase("1-99999999999")]
    [TestCase("1-5%x")]
    public void BadArray_IsAFormatError(string array) =>
        Assert.Throws<FormatException>(() => QsubJob.Read("", ["-t", array]).ArrayCopies());
}
