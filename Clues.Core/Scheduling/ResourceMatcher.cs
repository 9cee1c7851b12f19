using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>CLUES' <c>meets_resources</c>: free slots, free memory, then the requirement expressions.</summary>
public sealed class ResourceMatcher : IResourceMatcher
{
    private readonly bool _negativeMeansInfinite;
    private readonly Func<IReadOnlyList<string>, IReadOnlyDictionary<string, KeywordValue>, bool> _requirements;

    /// <summary>Creates the matcher.</summary>
    /// <param name="monitoring">For NEGATIVE_RESOURCES_MEANS_INFINITE.</param>
    /// <param name="requirements">Evaluates requirement expressions against node keywords.</param>
    public ResourceMatcher(MonitoringOptions monitoring, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, KeywordValue>, bool> requirements)
    {
        _negativeMeansInfinite = monitoring.NegativeResourcesMeansInfinite;
        _requirements = requirements;
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
        return resources.Expressions.Count == 0 || _requirements(resources.Expressions, node.Keywords);
    }
}
