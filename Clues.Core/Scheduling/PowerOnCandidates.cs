using Clues.Core.Requests;

namespace Clues.Core.Scheduling;

/// <summary>
/// The nodes one PowOn_Requests pass chose to power on, by position in the pass copy, in the order they were
/// chosen, each with the requests that motivated it (each request once). The pass works with node positions, so
/// this is an array rather than the name-keyed <see cref="OrderedCandidates"/>, which receives it once at the end.
/// </summary>
internal sealed class PowerOnCandidates(int nodeCount)
{
    private readonly List<Request>?[] _requests = new List<Request>?[nodeCount];
    private readonly List<int> _order = [];

    /// <summary>How many nodes were chosen.</summary>
    public int Count => _order.Count;

    /// <summary>Records that <paramref name="request"/> was placed on the node at <paramref name="ordinal"/>.</summary>
    public void Add(int ordinal, Request request)
    {
        var requests = _requests[ordinal];
        if (requests is null)
        {
            _requests[ordinal] = requests = [];
            _order.Add(ordinal);
        }
        if (requests.Count == 0 || requests[^1] != request)
        {
            requests.Add(request);
        }
    }

    /// <summary>Adds every chosen node, in order, to the pass' candidates.</summary>
    public void CopyTo(OrderedCandidates candidates, NodeList nodes)
    {
        foreach (var ordinal in _order)
        {
            candidates.Set(nodes[ordinal].Name, _requests[ordinal]!);
        }
    }
}
