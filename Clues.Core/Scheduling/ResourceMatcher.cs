using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>CLUES' <c>meets_resources</c>: free slots, free memory, then the requirement expressions.</summary>
/// <remarks>
/// The requirement function must be pure (same expressions and keywords, same answer): a scheduling pass evaluates
/// each distinct expression list at most once per node.
/// </remarks>
public sealed class ResourceMatcher : IResourceMatcher
{
    private readonly bool _negativeMeansInfinite;
    private readonly Func<IReadOnlyList<string>, IReadOnlyDictionary<string, KeywordValue>, bool> _requirements;
    private readonly RequirementEvaluator? _evaluator;

    /// <summary>Creates the matcher.</summary>
    /// <param name="monitoring">For NEGATIVE_RESOURCES_MEANS_INFINITE.</param>
    /// <param name="requirements">Evaluates requirement expressions against node keywords (a pure function).</param>
    public ResourceMatcher(MonitoringOptions monitoring, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, KeywordValue>, bool> requirements)
    {
        _negativeMeansInfinite = monitoring.NegativeResourcesMeansInfinite;
        _requirements = requirements;
    }

    /// <summary>Creates the matcher with CLUES' requirement language.</summary>
    /// <param name="monitoring">For NEGATIVE_RESOURCES_MEANS_INFINITE.</param>
    /// <param name="evaluator">Evaluates requirement expressions against node keywords.</param>
    public ResourceMatcher(MonitoringOptions monitoring, RequirementEvaluator evaluator)
        : this(monitoring, evaluator.Matches)
    {
        _evaluator = evaluator;
    }

    /// <inheritdoc />
    public bool Meets(Node node, Resources resources)
    {
        if (!(node.SlotsCount < 0 && _negativeMeansInfinite) && resources.Slots > node.SlotsFree)
        {
            return false;
        }
        if (!(node.MemoryTotal < 0 && _negativeMeansInfinite) && resources.Memory > node.MemoryFree)
        {
            return false;
        }
        return MeetsRequirements(node, resources.Expressions);
    }

    // The capacity part of Meets as keys: the slots and memory checks pass iff SlotsKey(node) >= Need(slots) and
    // MemoryKey(node) >= Need(memory). Resources the matcher does not check (infinite) and NaN free values (every
    // comparison with NaN is false, so CLUES' check passes) get +∞; a NaN request gets -∞.

    /// <summary>The free slots Meets compares against (+∞ when it does not compare).</summary>
    internal double SlotsKey(Node node) =>
        (node.SlotsCount < 0 && _negativeMeansInfinite) || double.IsNaN(node.SlotsFree) ? double.PositiveInfinity : node.SlotsFree;

    /// <summary>The free memory Meets compares against (+∞ when it does not compare).</summary>
    internal double MemoryKey(Node node) =>
        (node.MemoryTotal < 0 && _negativeMeansInfinite) || double.IsNaN(node.MemoryFree) ? double.PositiveInfinity : node.MemoryFree;

    /// <summary>A requested amount as a key bound (-∞ for NaN, which never fails a check).</summary>
    internal static double Need(double requested) => double.IsNaN(requested) ? double.NegativeInfinity : requested;

    /// <summary>The requirement part of Meets.</summary>
    internal bool MeetsRequirements(Node node, IReadOnlyList<string> expressions) =>
        RequirementEvaluator.IsTrivial(expressions) || _requirements(expressions, node.Keywords);

    /// <summary>The requirement part of Meets for one expression list, ready to be asked about many nodes.</summary>
    internal Func<Node, bool> PrepareRequirements(IReadOnlyList<string> expressions)
    {
        if (_evaluator is null)
        {
            return node => MeetsRequirements(node, expressions);
        }
        var prepared = _evaluator.Prepare(expressions);
        return node => prepared.Matches(node.Keywords);
    }
}
