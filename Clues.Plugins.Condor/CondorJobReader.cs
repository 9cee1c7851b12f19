using System.Globalization;
using Clues.Core.Model;

namespace Clues.Plugins.Condor;

/// <summary>Turns the job ads of <c>condor_q -long</c> into CLUES job reports.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Id (KEEP): <c>ClusterId.ProcId</c>; both are required (CLUES gave an empty id, which then clashed).</item>
/// <item>State (KEEP): <c>JobStatus</c> 1 (idle) is PENDING, any other is ATTENDED; a job without it is PENDING.</item>
/// <item>Slots: <c>RequestCpus</c> when it is a number, else 1 (CLUES: 0, so any node fitted).</item>
/// <item>Memory in MB, as the nodes (KEEP the unit): <c>RequestMemory</c> when it is a number, else what its usual
/// default expression gives before the job ran, <c>(ImageSize + 1023) / 1024</c> (CLUES' reading), else 0.</item>
/// <item>Nodes: the machines of <c>AllRemoteHosts</c> (a comma list) or <c>RemoteHost</c>, without the slot part
/// (FIX: CLUES kept <c>slot1@</c>, which names no node); tasks: how many, else <c>MinHosts</c>, else 1.</item>
/// <item>Requirement (KEEP): <c>"default" in queues</c>.</item>
/// </list>
/// </remarks>
internal static class CondorJobReader
{
    /// <summary>CLUES' job state of an HTCondor <c>JobStatus</c> (1 idle, 2 running, 3 removed, 4 completed, 5 held,
    /// 6 transferring output, 7 suspended).</summary>
    public static RequestState ToClues(int jobStatus) => jobStatus == 1 ? RequestState.Pending : RequestState.Attended;

    /// <summary>The jobs, in HTCondor's order.</summary>
    /// <exception cref="CondorFormatException">A job lacks its id, repeats one, or has a bad number.</exception>
    public static IReadOnlyList<JobInfo> Read(IReadOnlyList<ClassAd> ads)
    {
        var jobs = new List<JobInfo>(ads.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ad in ads)
        {
            var id = Whole(ad, "ClusterId") + "." + Whole(ad, "ProcId");
            if (!ids.Add(id))
            {
                throw ad.Error($"job {id} is listed twice");
            }
            var state = ad.Expression("JobStatus") is null ? RequestState.Pending : ToClues((int)Whole(ad, "JobStatus"));
            var cpus = ad.GetNumber("RequestCpus") is { } requested and > 0 ? requested : 1;
            var memory = ad.GetNumber("RequestMemory") is { } mb and >= 0 ? mb
                : ad.GetNumber("ImageSize") is { } kb and >= 0 ? Math.Floor((kb + 1023) / 1024)
                : 0;
            var hosts = (ad.GetString("AllRemoteHosts") ?? ad.GetString("RemoteHost") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(CondorNodeReader.HostOf)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var tasks = hosts.Count > 0 ? hosts.Count : ad.GetNumber("MinHosts") is { } min and >= 1 and <= 100_000 ? (int)min : 1;
            jobs.Add(new JobInfo(new Resources(cpus, memory, ["\"" + CondorNodeReader.DefaultQueue + "\" in queues"], tasks), id, hosts, state));
        }
        return jobs;
    }

    private static long Whole(ClassAd ad, string attribute)
    {
        var value = ad.RequireNumber(attribute);
        return value >= 0 && value <= long.MaxValue / 2 && Math.Floor(value) == value
            ? (long)value
            : throw ad.Error($"{attribute} = {value.ToString(CultureInfo.InvariantCulture)} is not a whole number", attribute);
    }
}
