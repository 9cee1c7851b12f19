using System.Xml.Linq;
using Clues.Core.Model;

namespace Clues.Plugins.Pbs;

/// <summary>Turns <c>qstat -x</c> into CLUES job reports.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>State (KEEP): <c>Q</c> PENDING; <c>H</c>, <c>W</c> BLOCKED; <c>R</c>, <c>E</c>, <c>C</c>, <c>T</c> SERVED, and
/// served jobs are left out of the report, as CLUES did; any other state is UNKNOWN (and logged).</item>
/// <item>Resources: <c>Resource_List/nodes</c> (default one node), <c>mem</c> and <c>pmem</c>, read by
/// <see cref="TorqueRequest"/>, with the job's queue in the requirement (FIX: CLUES left the queue out, counted only the
/// last node part and never read memory).</item>
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
            ?? element.Descendants("nodes").Select(n => n.Value.Trim()).LastOrDefault(v => v.Length > 0);
        Resources needed;
        try
        {
            needed = TorqueRequest.From(nodes, PbsXml.Child(element, "queue"),
                resources is null ? null : PbsXml.Child(resources, "mem"), resources is null ? null : PbsXml.Child(resources, "pmem"));
        }
        catch (FormatException ex)
        {
            throw Error(ex.Message, ex);
        }
        return new JobInfo(needed, id, [], state);
    }
}
