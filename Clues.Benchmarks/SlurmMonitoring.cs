using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clues.Core.Config;
using Clues.Plugins.Slurm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--slurm [nodes] [jobs] [runs]</c>: times one Slurm monitoring pass (nodes, then jobs) on generated
/// <c>scontrol -o</c> outputs shaped like Slurm 22.05's (default 1,000 nodes and 10,000 jobs): first reading and
/// mapping alone (the outputs in memory), then the whole pass with real commands (<c>cat</c> of the outputs through
/// the shell runner, as the daemon runs scontrol).
/// </summary>
internal static class SlurmMonitoring
{
    private static readonly string[] States = ["IDLE", "MIXED", "ALLOCATED", "IDLE+DRAIN", "DOWN+NOT_RESPONDING", "IDLE+CLOUD+POWERED_DOWN", "MIXED+DRAIN"];

    public static async Task<int> RunAsync(int nodeCount, int jobCount, int runs)
    {
        var nodes = NodesOutput(nodeCount);
        var jobs = JobsOutput(jobCount, nodeCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Slurm monitoring pass (load average {LoadAverage()}): {nodeCount} nodes ({nodes.Length / 1024.0 / 1024:0.0} MB of scontrol output), {jobCount} jobs ({jobs.Length / 1024.0 / 1024:0.0} MB); median of {runs} runs after one warm-up"));

        var inMemory = new InMemoryCommands(nodes, jobs);
        var plugin = new SlurmLrmsPlugin(new SlurmLrmsOptions { NodesCommand = "nodes", JobsCommand = "jobs" }, inMemory, NullLogger.Instance, TimeProvider.System);
        await MeasureAsync("read + map (in memory)", plugin, runs, nodeCount, jobCount);

        var dir = Directory.CreateTempSubdirectory("clues-slurm-bench-");
        try
        {
            var nodesFile = Path.Combine(dir.FullName, "nodes.txt");
            var jobsFile = Path.Combine(dir.FullName, "jobs.txt");
            await File.WriteAllTextAsync(nodesFile, nodes);
            await File.WriteAllTextAsync(jobsFile, jobs);
            var config = new CluesConfig();
            config.Set(SlurmLrmsOptions.Section, SlurmLrmsOptions.NodesCommandKey, $"cat '{nodesFile}'");
            config.Set(SlurmLrmsOptions.Section, SlurmLrmsOptions.JobsCommandKey, $"cat '{jobsFile}'");
            var real = new SlurmLrmsPlugin(config, NullLogger<SlurmLrmsPlugin>.Instance, TimeProvider.System);
            await MeasureAsync("whole pass (real commands)", real, runs, nodeCount, jobCount);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        return 0;
    }

    private static async Task MeasureAsync(string label, SlurmLrmsPlugin plugin, int runs, int nodeCount, int jobCount)
    {
        var nodeTimes = new List<double>();
        var jobTimes = new List<double>();
        var cpuTimes = new List<double>();
        long allocated = 0;
        for (var run = 0; run <= runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            var nodes = await plugin.GetNodesAsync(CancellationToken.None);
            var afterNodes = Stopwatch.GetTimestamp();
            var jobs = await plugin.GetJobsAsync(CancellationToken.None);
            var end = Stopwatch.GetTimestamp();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            if (nodes.Count != nodeCount || jobs.Count != jobCount)
            {
                throw new InvalidOperationException($"read {nodes.Count} nodes and {jobs.Count} jobs");
            }
            if (run == 0)
            {
                continue; // warm-up (JIT)
            }
            nodeTimes.Add(Stopwatch.GetElapsedTime(start, afterNodes).TotalMilliseconds);
            jobTimes.Add(Stopwatch.GetElapsedTime(afterNodes, end).TotalMilliseconds);
            cpuTimes.Add(cpu);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        nodeTimes.Sort();
        jobTimes.Sort();
        cpuTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-28} nodes {nodeTimes[nodeTimes.Count / 2],7:0.0} ms   jobs {jobTimes[jobTimes.Count / 2],7:0.0} ms   total {nodeTimes[nodeTimes.Count / 2] + jobTimes[jobTimes.Count / 2],7:0.0} ms   cpu {cpuTimes[cpuTimes.Count / 2],7:0.0} ms (this process)   allocated {allocated / 1024.0 / 1024:0.0} MB"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string NodeName(int i) => "node" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string NodesOutput(int count)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var state = States[i % States.Length];
            var alloc = state.StartsWith("MIXED", StringComparison.Ordinal) ? 8 : state.StartsWith("ALLOC", StringComparison.Ordinal) ? 32 : 0;
            sb.Append(CultureInfo.InvariantCulture,
                $"NodeName={NodeName(i)} Arch=x86_64 CoresPerSocket=16  CPUAlloc={alloc} CPUEfctv=32 CPUTot=32 CPULoad=0.68 AvailableFeatures=(null) ActiveFeatures=(null) Gres=(null) NodeAddr=10.0.{i / 250}.{i % 250} NodeHostName={NodeName(i)} Version=22.05.8 OS=Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)  RealMemory=128000 AllocMem={alloc * 1000} FreeMem=120000 Sockets=2 Boards=1 State={state} ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=batch,{(i % 2 == 0 ? "even" : "odd")}  BootTime=2026-12-03T05:27:43 SlurmdStartTime=2026-12-03T07:23:21 LastBusyTime=2026-12-03T07:23:21 CfgTRES=cpu=32,mem=125G,billing=32 AllocTRES= CapWatts=n/a CurrentWatts=0 AveWatts=0 ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s");
            if (state.Contains("NOT_RESPONDING", StringComparison.Ordinal))
            {
                sb.Append(" Reason=Not responding [root@2026-12-03T07:24:51]");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string JobsOutput(int count, int nodeCount)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var running = i % 3 == 0;
            var first = 1 + i % (nodeCount - 3);
            var nodeList = running ? $"node[{first:D4}-{first + 2:D4}]" : "";
            var state = running ? "RUNNING" : "PENDING";
            var memory = i % 2 == 0 ? "MinMemoryNode=1500M" : "MinMemoryCPU=256M";
            sb.Append(CultureInfo.InvariantCulture,
                $"JobId={i} JobName=job{i} UserId=user(1000) GroupId=user(1000) MCS_label=N/A Priority=4294901749 Nice=0 Account=(null) QOS=(null) JobState={state} Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-12-03T07:24:52 EligibleTime=2026-12-03T07:24:52 AccrueTime=2026-12-03T07:24:52 StartTime=Unknown EndTime=Unknown Deadline=N/A SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-12-03T07:24:52 Scheduler=Main Partition=batch AllocNode:Sid=login:26127 ReqNodeList=(null) ExcNodeList=(null) NodeList={nodeList} NumNodes=3-3 NumCPUs=6 NumTasks=6 CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=6,mem=3G,node=3,billing=6 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 {memory} MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null) Command=/home/user/job{i}.sh WorkDir=/home/user StdErr=/home/user/slurm-{i}.out StdIn=/dev/null StdOut=/home/user/slurm-{i}.out Power= \n");
        }
        return sb.ToString();
    }

    private sealed class InMemoryCommands(string nodes, string jobs) : ISlurmCommands
    {
        public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken) =>
            Task.FromResult(commandLine == "nodes" ? nodes : jobs);
    }
}
