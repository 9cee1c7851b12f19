using System.Xml.Linq;
using Clues.Core.Model;

namespace Clues.Plugins.Sge;

/// <summary>Reads <c>qstat -r -xml -u '*'</c>: every <c>&lt;job_list&gt;</c>, running ones and pending ones.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>State: <c>pending</c> jobs are PENDING, unless held (<c>h</c> in the state letters) or in error (<c>E</c>),
/// which are BLOCKED: they wait for a person, not for resources, so they power nothing on. Every other entry
/// (running, transferring, suspended) is ATTENDED, with its host. FIX: CLUES skipped running jobs and stored any
/// other state text as the state itself.</item>
/// <item>Ids: the job number; a running array task is <c>number.task</c>, and a second pending entry of the same job
/// (held tasks) <c>number.tasks</c>, so ids stay unique (CLUES' job list refuses a repeated id).</item>
/// <item>Slots (<c>&lt;slots&gt;</c>), array tasks (<c>&lt;tasks&gt;</c>, <see cref="SgeTaskRange"/>), the parallel
/// environment (<c>&lt;requested_pe&gt;</c>), memory (<c>h_vmem</c>, else <c>s_vmem</c>, in any hard request; FIX:
/// CLUES looked only at the first), <c>-l hostname=</c> / <c>-l qname=</c>, and the queue destinations
/// (<c>&lt;hard_req_queue&gt;</c>).</item>
/// </list>
/// </remarks>
internal static class SgeJobReader
{
    /// <summary>The jobs, running ones first, in Grid Engine's order.</summary>
    /// <exception cref="SgeFormatException">Not the XML of <c>qstat -xml</c>, or an entry that cannot be read.</exception>
    public static IReadOnlyList<SgeJob> Read(string output, string command)
    {
        var root = SgeXml.Parse(output, command, "job_info");
        var jobs = new List<SgeJob>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Descendants("job_list"))
        {
            var number = SgeXml.RequireChild(command, element, "JB_job_number");
            if (!number.All(char.IsAsciiDigit))
            {
                throw SgeXml.Error(command, element, $"JB_job_number '{number}' is not a job number");
            }
            var pending = (string?)element.Attribute("state") == "pending";
            var letters = SgeXml.Child(element, "state") ?? "";
            var tasks = SgeXml.Child(element, "tasks");
            var id = !pending && tasks is not null ? $"{number}.{tasks}" : number;
            if (!ids.Add(id) && (tasks is null || !ids.Add(id = $"{number}.{tasks}")))
            {
                throw SgeXml.Error(command, element, $"job {id} is listed twice");
            }
            var state = !pending ? RequestState.Attended
                : letters.Contains('h', StringComparison.Ordinal) || letters.Contains('E', StringComparison.Ordinal) ? RequestState.Blocked
                : RequestState.Pending;
            try
            {
                jobs.Add(new SgeJob(id, state, pending ? [] : HostOf(SgeXml.Child(element, "queue_name")), Request(command, element, pending, tasks)));
            }
            catch (FormatException ex) when (ex is not SgeFormatException)
            {
                throw SgeXml.Error(command, element, $"job {id}: {ex.Message}");
            }
        }
        return jobs;
    }

    private static SgeJobRequest Request(string command, XElement job, bool pending, string? tasks)
    {
        var slots = SgeXml.RequireCount(command, job, "slots", SgeXml.RequireChild(command, job, "slots"));
        string? pe = null;
        if (job.Element("requested_pe") is { } requested)
        {
            pe = SgeXml.RequireAttribute(command, requested, "name");
            if (!SgeNames.IsPlain(pe))
            {
                throw new FormatException($"'{pe}' is not a parallel environment name");
            }
        }
        double memory = 0;
        var hosts = new List<string>();
        var queues = new List<string>();
        foreach (var request in job.Elements("hard_request"))
        {
            var value = request.Value.Trim();
            switch ((string?)request.Attribute("name"))
            {
                case "h_vmem":
                    memory = Memory(value);
                    break;
                case "s_vmem" when !job.Elements("hard_request").Any(r => (string?)r.Attribute("name") == "h_vmem"):
                    memory = Memory(value);
                    break;
                case "hostname" or "h":
                    hosts.Add(Name(value));
                    break;
                case "qname" or "q":
                    queues.Add(Name(value));
                    break;
            }
        }
        var destinations = job.Elements("hard_req_queue").SelectMany(q => SgeQueueDestination.ParseList(q.Value.Trim())).ToList();
        return new SgeJobRequest
        {
            Slots = Math.Max(1, slots),
            ParallelEnvironment = pe,
            ArrayTasks = pending && tasks is not null ? SgeTaskRange.Count(tasks) : 1,
            MemoryPerSlot = memory,
            Destinations = destinations,
            HostNames = hosts,
            QueueNames = queues,
        };
    }

    /// <summary>The host of a queue instance name (<c>all.q@node1</c>).</summary>
    private static IReadOnlyList<string> HostOf(string? queueInstance)
    {
        var at = queueInstance?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at >= 0 && queueInstance![(at + 1)..] is { Length: > 0 } host ? [host] : [];
    }

    private static double Memory(string text) =>
        SgeMemory.TryParse(text, out var bytes) ? bytes : throw new FormatException($"'{text}' is not a memory size");

    private static string Name(string text) =>
        SgeNames.IsPlain(text) || SgeNames.IsPlainPattern(text) ? text : throw new FormatException($"'{text}' is not a host or queue name");
}
