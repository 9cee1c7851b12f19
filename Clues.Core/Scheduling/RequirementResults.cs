using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// Whether each node meets one requirement list, by position in the pass copy, remembered with the keywords it was
/// evaluated on so that a later pass can reuse it (see <see cref="RequirementResultCache"/>).
/// </summary>
internal sealed class RequirementResults(int nodeCount)
{
    private readonly sbyte[] _results = new sbyte[nodeCount]; // 0 not evaluated, 1 meets, 2 does not
    private readonly IReadOnlyDictionary<string, KeywordValue>?[] _evaluatedOn = new IReadOnlyDictionary<string, KeywordValue>?[nodeCount];

    /// <summary>Number of positions.</summary>
    public int Count => _results.Length;

    /// <summary>The last pass that used these results.</summary>
    public int LastPass { get; set; }

    /// <summary>The known result for the node at a position, if it was evaluated on these very keywords.</summary>
    public bool TryGet(int ordinal, Node node, out bool meets)
    {
        meets = _results[ordinal] == 1;
        return _results[ordinal] != 0 && ReferenceEquals(_evaluatedOn[ordinal], node.Keywords);
    }

    /// <summary>Whether the node at a position met the list when last evaluated (valid once evaluated in this pass).</summary>
    public bool Meets(int ordinal) => _results[ordinal] == 1;

    /// <summary>Records the result for the node at a position.</summary>
    public void Set(int ordinal, Node node, bool meets)
    {
        _results[ordinal] = meets ? (sbyte)1 : (sbyte)2;
        _evaluatedOn[ordinal] = node.Keywords;
    }
}

/// <summary>
/// Requirement results kept from one PowOn_Requests pass to the next, per distinct requirement list: most nodes keep
/// their keywords for days, and evaluating every list on every node was a tenth of a 10,000-node pass. A result is
/// reused only for a node whose keywords are the same object it was evaluated on: the daemon replaces a node's
/// keywords when the LRMS reports different ones (never edits them), and the pass copies share them. Requirement
/// functions are pure (see <see cref="ResourceMatcher"/>); a different matcher starts afresh.
/// </summary>
internal sealed class RequirementResultCache
{
    private readonly Dictionary<IReadOnlyList<string>, RequirementResults> _lists = new(ExpressionListComparer.Instance);
    private readonly List<IReadOnlyList<string>> _unused = [];
    private IResourceMatcher? _matcher;
    private int _pass;

    /// <summary>Starts a pass: forgets everything if the matcher changed, else the lists the previous pass did not use.</summary>
    public void BeginPass(IResourceMatcher matcher)
    {
        _pass++;
        if (!ReferenceEquals(matcher, _matcher))
        {
            _matcher = matcher;
            _lists.Clear();
            return;
        }
        foreach (var (expressions, results) in _lists)
        {
            if (results.LastPass < _pass - 1)
            {
                _unused.Add(expressions);
            }
        }
        foreach (var expressions in _unused)
        {
            _lists.Remove(expressions);
        }
        _unused.Clear();
    }

    /// <summary>The results of a list for this pass, for <paramref name="nodeCount"/> node positions.</summary>
    public RequirementResults For(IReadOnlyList<string> expressions, int nodeCount)
    {
        if (!_lists.TryGetValue(expressions, out var results) || results.Count != nodeCount)
        {
            results = new RequirementResults(nodeCount);
            _lists[expressions] = results;
        }
        results.LastPass = _pass;
        return results;
    }
}
