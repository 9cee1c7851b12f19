using System.Collections;
using Clues.Core.Model;

namespace Clues.Core.Requests;

/// <summary>The LRMS jobs the daemon knows, as requests keyed by job id, in the order they appeared.</summary>
public sealed class JobList : IEnumerable<Request>
{
    private readonly Dictionary<string, Request> _jobs = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Number of jobs.</summary>
    public int Count => _jobs.Count;

    /// <summary>Adds a job; its job id must be new.</summary>
    public void Append(Request job)
    {
        var id = job.JobId ?? throw new ArgumentException("a job must have a job id", nameof(job));
        if (!_jobs.TryAdd(id, job))
        {
            throw new InvalidOperationException($"job {id} is already in the list");
        }
        _order.Add(id);
    }

    /// <summary>The job with that id, or null.</summary>
    public Request? Find(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>Removes a job.</summary>
    public bool Remove(string jobId)
    {
        if (!_jobs.Remove(jobId))
        {
            return false;
        }
        _order.Remove(jobId);
        return true;
    }

    /// <summary>The ids of the jobs in <paramref name="state"/> (all when null).</summary>
    public HashSet<string> Ids(RequestState? state = null) =>
        _order.Where(id => state is null || _jobs[id].State == state).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<Request> GetEnumerator() => _order.Select(id => _jobs[id]).ToList().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
