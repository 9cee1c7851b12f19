using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>Decides whether a node can hold one task of a request right now (spec §2.10).</summary>
public interface IResourceMatcher
{
    /// <summary>True if <paramref name="node"/> has the free slots and memory for one task and meets every requirement expression.</summary>
    bool Meets(Node node, Resources resources);
}
