using Clues.SlurmWrapper;
using NUnit.Framework;

namespace Clues.Tests.SlurmWrapper;

[TestFixture]
public class SbatchCommandLineTests
{
    private static SbatchJob Job(string? script, params string[] arguments) => SbatchCommandLine.Parse(arguments).ReadJob(script);

    [Test]
    public void A_bare_job_asks_for_one_cpu_on_one_node_in_any_partition()
    {
        var job = Job(null, "--wrap", "hostname");

        Assert.That(job, Is.EqualTo(new SbatchJob(1, 0, 1, [])).Using<SbatchJob>(SameJob));
        Assert.That(job.QueueExpression, Is.Empty);
    }

    [TestCase(new[] { "-c", "4" }, 4)]
    [TestCase(new[] { "-c4" }, 4)]
    [TestCase(new[] { "--cpus-per-task", "3" }, 3)]
    [TestCase(new[] { "--cpus-per-task=2" }, 2)]
    public void Cpus_per_task_in_every_option_form(string[] arguments, int cpus)
    {
        // FIX: CLUES' wrapper kept the long form as a string and crashed on it.
        Assert.That(Job(null, [.. arguments, "job.sh"]).CpusPerTask, Is.EqualTo(cpus));
    }

    [TestCase("512", 512L << 20)]
    [TestCase("1500M", 1500L << 20)]
    [TestCase("4G", 4L << 30)]
    [TestCase("4g", 4L << 30)]
    [TestCase("2048K", 2L << 20)]
    [TestCase("1T", 1L << 40)]
    public void Memory_is_megabytes_unless_suffixed(string value, long bytes)
    {
        // FIX: CLUES' wrapper read "4G" as -1.
        Assert.That(Job(null, "--mem", value, "job.sh").MemoryBytes, Is.EqualTo(bytes));
        Assert.That(Job(null, "--mem=" + value, "job.sh").MemoryBytes, Is.EqualTo(bytes));
    }

    [Test]
    public void Memory_per_cpu_counts_for_every_cpu_of_a_task()
    {
        Assert.That(Job(null, "-c", "3", "--mem-per-cpu=256", "job.sh").MemoryBytes, Is.EqualTo(3 * (256L << 20)));
    }

    [TestCase("2", 2)]
    [TestCase("2-4", 2)]
    [TestCase("3-", 3)]
    [TestCase("12", 12)]
    [TestCase("2,4,8", 2)]
    public void Nodes_give_the_task_count_at_their_minimum(string value, int tasks)
    {
        // FIX: CLUES' wrapper read "2-4" as -4 (and its plugin "12" as 1).
        Assert.That(Job(null, "-N", value, "job.sh").TaskCount, Is.EqualTo(tasks));
        Assert.That(Job(null, "--nodes=" + value, "job.sh").TaskCount, Is.EqualTo(tasks));
    }

    [Test]
    public void Ntasks_wins_over_the_node_count()
    {
        Assert.That(Job(null, "-N", "2", "-n", "6", "job.sh").TaskCount, Is.EqualTo(6));
        Assert.That(Job(null, "--ntasks=5", "job.sh").TaskCount, Is.EqualTo(5));
    }

    [Test]
    public void Partitions_become_a_queue_expression()
    {
        Assert.That(Job(null, "-p", "debug", "job.sh").QueueExpression, Is.EqualTo("\"debug\" in queues"));
        Assert.That(Job(null, "--partition=a,b", "job.sh").QueueExpression,
            Is.EqualTo("(\"a\" in queues) || (\"b\" in queues)"));
    }

    [Test]
    public void Sbatch_directives_of_the_script_are_read_and_the_command_line_wins()
    {
        const string script = """
            #!/bin/bash
            # a comment
            #SBATCH -c 2
            #SBATCH --mem=1G   # a trailing comment
            #SBATCH --partition "batch"

            #SBATCH -N 3
            hostname
            #SBATCH --ntasks=9
            """;

        var job = Job(script, "-c", "4", "job.sh");

        Assert.That(job.CpusPerTask, Is.EqualTo(4), "the command line wins");
        Assert.That(job.MemoryBytes, Is.EqualTo(1L << 30));
        Assert.That(job.Partitions, Is.EqualTo(new[] { "batch" }));
        Assert.That(job.TaskCount, Is.EqualTo(3), "directives after the first command are not read");
    }

    [Test]
    public void Options_after_the_script_belong_to_the_script()
    {
        var commandLine = SbatchCommandLine.Parse(["-o", "out.txt", "--parsable", "job.sh", "-c", "8"]);

        Assert.That(commandLine.ScriptPath, Is.EqualTo("job.sh"));
        Assert.That(commandLine.ReadJob(null).CpusPerTask, Is.EqualTo(1));
    }

    [Test]
    public void The_values_of_other_options_are_not_taken_for_the_script()
    {
        var commandLine = SbatchCommandLine.Parse(["-J", "name", "--output", "o.txt", "-D", "/tmp", "--hold", "--mem-bind", "local",
            "--exclusive", "--nice=5", "-c", "2", "run.sh"]);

        Assert.That(commandLine.ScriptPath, Is.EqualTo("run.sh"));
        Assert.That(commandLine.ReadJob(null).CpusPerTask, Is.EqualTo(2));
    }

    [Test]
    public void Where_the_script_comes_from()
    {
        Assert.That(SbatchCommandLine.Parse(["-c", "2"]).ScriptFromStandardInput, Is.True);
        Assert.That(SbatchCommandLine.Parse(["--wrap=hostname"]).ScriptFromStandardInput, Is.False);
        Assert.That(SbatchCommandLine.Parse(["job.sh"]).ScriptFromStandardInput, Is.False);
        Assert.That(SbatchCommandLine.Parse(["--", "job.sh"]).ScriptPath, Is.EqualTo("job.sh"));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("--usage")]
    [TestCase("-V")]
    [TestCase("--test-only")]
    public void Calls_that_submit_nothing_are_not_announced(string argument)
    {
        var commandLine = SbatchCommandLine.Parse([argument, "job.sh"]);

        Assert.That(commandLine.Informational, Is.True);
        Assert.That(commandLine.ScriptFromStandardInput, Is.False);
    }

    [TestCase("-c", "two", "--cpus-per-task 'two'")]
    [TestCase("-c", "0", "--cpus-per-task '0'")]
    [TestCase("-n", "-3", "--ntasks '-3'")]
    [TestCase("--mem", "4X", "--mem '4X'")]
    [TestCase("--mem", "99999999999999T", "--mem '99999999999999T' is too large")]
    [TestCase("-N", "a-b", "--nodes 'a-b'")]
    [TestCase("-p", "x\" in queues || \"y", "is not a partition name")]
    [TestCase("-p", ",", "--partition is empty")]
    public void Unreadable_values_are_named(string option, string value, string message)
    {
        var commandLine = SbatchCommandLine.Parse([option, value, "job.sh"]);

        Assert.That(() => commandLine.ReadJob(null), Throws.TypeOf<FormatException>().With.Message.Contains(message));
    }

    [Test]
    public void A_missing_value_at_the_end_is_named()
    {
        Assert.That(() => SbatchCommandLine.Parse(["-c"]).ReadJob(null), Throws.TypeOf<FormatException>().With.Message.Contains("--cpus-per-task ''"));
    }

    [Test]
    public void A_hostile_script_does_not_break_the_parser()
    {
        var noise = "\n" + new string('#', 100_000);

        Assert.That(() => Job("#SBATCH\n#SBATCH -c" + noise, "job.sh"), Throws.TypeOf<FormatException>().With.Message.Contains("--cpus-per-task"));
        Assert.That(Job("#SBATCH \"unclosed\n#SBATCH -c 5" + noise, "job.sh").CpusPerTask, Is.EqualTo(1),
            "a stray word ends the directives' options, as on the command line");
        Assert.That(Job("#SBATCHx -c 5\n#SBATCH\n", "job.sh").CpusPerTask, Is.EqualTo(1));
    }

    private static bool SameJob(SbatchJob a, SbatchJob b) =>
        a.CpusPerTask == b.CpusPerTask && a.MemoryBytes == b.MemoryBytes && a.TaskCount == b.TaskCount && a.Partitions.SequenceEqual(b.Partitions);
}
