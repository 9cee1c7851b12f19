using Clues.Core.Lrms;
using Clues.Core.Model;

namespace Clues.Benchmarks;

/// <summary>An LRMS that reports fixed lists, so that a pass measures CLUES and nothing else.</summary>
internal sealed class ScenarioLrms : ILrmsPlugin
{
    public string Id => "benchmark";

    public List<NodeInfo> Nodes { get; } = [];

    public List<JobInfo> Jobs { get; } = [];

    public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<NodeInfo>>(Nodes);

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<JobInfo>>(Jobs);
}
