using System.Xml.Linq;
using Clues.Core.Model;

namespace Clues.Plugins.Pbs;

/// <summary>Turns <c>qstat -x</c> into CLUES job reports.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>State (KEEP): <c>Q</c> PENDING; <c>H</c>, <c>W</c> BLOCKED; <c>R</c>, <c>E</c>, <c>C</c>, <c>T</c> SERVED, and
/// served jobs are left out of the report, as CLUES did; any other state is UNKNOWN (and logged).</item>
/// <item>Nodes: <c>Resource_List/nodes</c> (default <c>1</c>), read by <see cref="TorqueNodeSpec"/>. One part: that
/// many tasks of <c>ppn</c> slots (1 without it). Several parts (<c>2:ppn=4+1:gpu</c>): the sum of the counts, of the
/// smallest <c>ppn</c>, each on a node meeting one part's requirement (CLUES' request model cannot say "two of these
/// and one of those"; CLUES itself required every part on every node, and counted only the last part's nodes).</item>
/// <item>Requirement: the parts' requirements with the job's queue (FIX: CLUES left the queue out).</item>
/// <item>Memory per task, in bytes: <c>Resource_List/mem</c> shared by the tasks, else <c>pmem</c> times the task's
/// slots, else 0 (CLUES: always 0).</item>
/// </list>
/// </remarks>
internal static class PbsJobReader
{
    /// <summary>The CLUES state of a Torque job state letter (KEEP).</summary>
    public static RequestState ToClues(string jobState) => jobState switch
    {
        "Q" => RequestState.Pending,
        "R" or "E" or "C" or "T" => RequestState.Served,
        "H" or "W" => RequestState.Blocked,
        _ => RequestState.Unknown,
    };

    /// <summary>The jobs that are not served, in Torque's order.</summary>
    /// <exception cref="PbsFormatException">The XML is malformed, a job lacks its id or state, repeats an id, or has a
    /// node request or memory size that cannot be read.</exception>
    public static IReadOnlyList<JobInfo> Read(string output, string commandLine, Action<string, string>? unknownState = null)
    {
        var jobs = new List<JobInfo>();
        if (output.Trim().Length == 0)
        {
            return jobs; // qstat prints nothing when no job is queued
        }
        var root = PbsXml.Load(output, commandLine);
        if (root.Name != "Data")
        {
            throw new PbsFormatException(commandLine, PbsXml.LineOf(root), $"<{root.Name}> is not qstat's <Data> list");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Elements("Job"))
        {
            var job = ReadJob(element, commandLine, unknownState);
            if (!ids.Add(job.JobId))
            {
                throw new PbsFormatException(commandLine, PbsXml.LineOf(element), $"job {job.JobId} is listed twice");
            }
            if (job.State != RequestState.Served)
            {
                jobs.Add(job);
            }
        }
        return jobs;
    }

    private static JobInfo ReadJob(XElement element, string commandLine, Action<string, string>? unknownState)
    {
        var line = PbsXml.LineOf(element);
        var id = PbsXml.Child(element, "Job_Id") ?? throw new PbsFormatException(commandLine, line, "a <Job> has no <Job_Id>");
        PbsFormatException Error(string problem, Exception? inner = null) => new(commandLine, line, $"job {id}: {problem}", inner);

        var stateText = PbsXml.Child(element, "job_state") ?? throw Error("no <job_state>");
        var state = ToClues(stateText);
        if (state == RequestState.Unknown)
        {
            unknownState?.Invoke(id, stateText);
        }
        var resources = element.Element("Resource_List");
        var nodes = (resources is null ? null : PbsXml.Child(resources, "nodes"))
            ?? element.Descendants("nodes").Select(n => n.Value.Trim()).LastOrDefault(v => v.Length > 0)
            ?? "1";
        IReadOnlyList<TorqueNodeSpec> specs;
        string[] requirements;
        var queue = PbsXml.Child(element, "queue");
        try
        {
            specs = TorqueNodeSpec.ParseList(nodes);
            requirements = specs.Select(s => s.Requirement(queue)).Distinct(StringComparer.Ordinal).ToArray();
        }
        catch (FormatException ex)
        {
            throw Error($"nodes={nodes}: {ex.Message}", ex);
        }
        var tasks = (int)Math.Min(int.MaxValue, specs.Sum(s => (long)s.NodeCount));
        var slots = specs.Min(s => s.ProcessorsPerNode ?? 1);
        // A part without requirements lets any node serve: then so does the whole.
        var requirement = requirements.Length == 1 ? requirements[0]
            : requirements.Contains("") ? ""
            : string.Join(" || ", requirements.Select(r => "(" + r + ")"));
        var memory = resources is null ? 0 : MemoryPerTask(resources, tasks, slots, Error);
        return new JobInfo(new Resources(slots, memory, [requirement], tasks), id, [], state);
    }

    private static double MemoryPerTask(XElement resources, int tasks, int slots, Func<string, Exception?, PbsFormatException> error)
    {
        if (PbsXml.Child(resources, "mem") is { } mem)
        {
            return TorqueSize.TryParse(mem, out var bytes) ? bytes / tasks : throw error($"mem={mem} is not a size (such as 2gb)", null);
        }
        if (PbsXml.Child(resources, "pmem") is { } pmem)
        {
            return TorqueSize.TryParse(pmem, out var bytes) ? bytes * slots : throw error($"pmem={pmem} is not a size (such as 512mb)", null);
        }
        return 0;
    }
}
