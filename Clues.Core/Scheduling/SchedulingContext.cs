using Clues.Core.Model;
using Clues.Core.Requests;

namespace Clues.Core.Scheduling;

/// <summary>Everything a scheduler sees and may change in one scheduling pass.</summary>
public sealed class SchedulingContext
{
    private readonly Func<Resources, string?, IReadOnlyList<string>, Request> _newRequest;

    /// <summary>Creates the context of one pass.</summary>
    public SchedulingContext(double now, RequestQueue requests, MonitoringInfo monitoring, IResourceMatcher matcher,
        Func<Resources, string?, IReadOnlyList<string>, Request> newRequest)
    {
        Now = now;
        Requests = requests;
        Monitoring = monitoring;
        Matcher = matcher;
        _newRequest = newRequest;
    }

    /// <summary>The time of the pass.</summary>
    public double Now { get; }
    /// <summary>The live request queue (changes are real).</summary>
    public RequestQueue Requests { get; }
    /// <summary>The pass-private node copy and the job list.</summary>
    public MonitoringInfo Monitoring { get; }
    /// <summary>Whether a node can hold one task of a request.</summary>
    public IResourceMatcher Matcher { get; }
    /// <summary>Nodes to power on, in decision order, with the requests that motivated each (may be empty).</summary>
    public OrderedCandidates CandidatesOn { get; } = new();
    /// <summary>Nodes to power off, in decision order (duplicates possible, as in CLUES).</summary>
    public List<string> CandidatesOff { get; } = [];

    /// <summary>Creates a request with a fresh id (not yet queued).</summary>
    public Request NewRequest(Resources resources, string? jobId, IReadOnlyList<string> jobNodes) => _newRequest(resources, jobId, jobNodes);
}
