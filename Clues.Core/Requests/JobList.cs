using System.Collections;
using Clues.Core.Model;

namespace Clues.Core.Requests;

/// <summary>The LRMS jobs the daemon knows, as requests keyed by job id, in the order they appeared.</summary>
/// <remarks>
/// Read on every scheduling pass and merged on every job report, so neither enumerating nor removing copies or
/// scans the list: a removed job leaves a hole, filled when holes are most of the list and no enumeration runs.
/// </remarks>
public sealed class JobList : IEnumerable<Request>
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<Request?> _order = [];
    private int _removed;
    private int _iterating;

    /// <summary>Number of jobs.</summary>
    public int Count => _index.Count;

    /// <summary>Adds a job; its job id must be new.</summary>
    public void Append(Request job)
    {
        var id = job.JobId ?? throw new ArgumentException("a job must have a job id", nameof(job));
        if (!_index.TryAdd(id, _order.Count))
        {
            throw new InvalidOperationException($"job {id} is already in the list");
        }
        _order.Add(job);
    }

    /// <summary>The job with that id, or null.</summary>
    public Request? Find(string jobId) => _index.TryGetValue(jobId, out var i) ? _order[i] : null;

    /// <summary>Removes a job.</summary>
    public bool Remove(string jobId)
    {
        if (!_index.Remove(jobId, out var i))
        {
            return false;
        }
        _order[i] = null;
        _removed++;
        CompactIfSparse();
        return true;
    }

    /// <summary>The ids of the jobs in <paramref name="state"/> (all when null).</summary>
    public HashSet<string> Ids(RequestState? state = null) =>
        this.Where(job => state is null || job.State == state).Select(job => job.JobId!).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    /// <remarks>Jobs appended during the enumeration are visited too; jobs removed before being reached are skipped.</remarks>
    public IEnumerator<Request> GetEnumerator()
    {
        _iterating++;
        try
        {
            for (var i = 0; i < _order.Count; i++)
            {
                if (_order[i] is { } job)
                {
                    yield return job;
                }
            }
        }
        finally
        {
            _iterating--;
            CompactIfSparse();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Compaction moves jobs to lower positions, which a running enumeration would skip: it waits for none to run.
    private void CompactIfSparse()
    {
        if (_iterating > 0 || _removed <= 64 || _removed <= _order.Count / 2)
        {
            return;
        }
        _order.RemoveAll(static job => job is null);
        _index.Clear();
        for (var i = 0; i < _order.Count; i++)
        {
            _index[_order[i]!.JobId!] = i;
        }
        _removed = 0;
    }
}
