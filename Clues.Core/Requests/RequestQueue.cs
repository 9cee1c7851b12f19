using System.Collections;

namespace Clues.Core.Requests;

/// <summary>
/// The daemon's request queue (CLUES' <c>RequestList</c>): insertion-ordered, keyed by id. Schedulers may append
/// while iterating (new requests are visited in the same pass, as in CLUES).
/// </summary>
public sealed class RequestQueue : IEnumerable<Request>
{
    private readonly List<Request?> _order = [];
    private readonly Dictionary<long, int> _index = [];
    // The requests of each LRMS job: Reconsider_Jobs asks for them on every pass while jobs wait.
    private readonly Dictionary<string, List<Request>> _byJob = new(StringComparer.Ordinal);
    private int _removed;
    private int _iterating;

    /// <summary>Number of requests.</summary>
    public int Count => _index.Count;

    /// <summary>Appends a request; its id must be new.</summary>
    public void Append(Request request)
    {
        if (!_index.TryAdd(request.Id, _order.Count))
        {
            throw new InvalidOperationException($"request {request.Id} is already in the queue");
        }
        _order.Add(request);
        if (request.JobId is { } jobId)
        {
            (_byJob.TryGetValue(jobId, out var ofJob) ? ofJob : _byJob[jobId] = []).Add(request);
        }
    }

    /// <summary>The request with that id, or null.</summary>
    public Request? Find(long id) => _index.TryGetValue(id, out var i) ? _order[i] : null;

    /// <summary>The requests for an LRMS job, in the order they were appended (empty when none).</summary>
    public IReadOnlyList<Request> ForJob(string jobId) => _byJob.GetValueOrDefault(jobId) ?? [];

    /// <summary>Removes a request; returns false if absent.</summary>
    public bool Remove(long id)
    {
        if (!_index.Remove(id, out var i))
        {
            return false;
        }
        if (_order[i]!.JobId is { } jobId && _byJob.TryGetValue(jobId, out var ofJob))
        {
            ofJob.Remove(_order[i]!);
            if (ofJob.Count == 0)
            {
                _byJob.Remove(jobId);
            }
        }
        _order[i] = null;
        _removed++;
        CompactIfSparse();
        return true;
    }

    /// <summary>The ids, in order.</summary>
    public IEnumerable<long> Ids => this.Select(r => r.Id);

    /// <inheritdoc />
    /// <remarks>Visits requests appended during the iteration too; requests removed before being reached are skipped.</remarks>
    public IEnumerator<Request> GetEnumerator()
    {
        // Index-based so that appends during a scheduler pass are visited (CLUES iterates its live list).
        _iterating++;
        try
        {
            for (var i = 0; i < _order.Count; i++)
            {
                var request = _order[i];
                if (request is not null)
                {
                    yield return request;
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

    // Compaction moves requests to lower positions, so a running iteration would skip some (CLUES' RequestList
    // adjusts its cursor when deleting during iteration): it waits until no iteration is running.
    private void CompactIfSparse()
    {
        if (_iterating == 0 && _removed > 64 && _removed > _order.Count / 2)
        {
            Compact();
        }
    }

    private void Compact()
    {
        var live = _order.Where(r => r is not null).ToList();
        _order.Clear();
        _index.Clear();
        _removed = 0;
        foreach (var request in live)
        {
            _index[request!.Id] = _order.Count;
            _order.Add(request);
        }
    }
}
