using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Power;

namespace Clues.Tests.Core.Persistence;

/// <summary>An LRMS whose report the test edits.</summary>
internal sealed class ScriptedLrms : ILrmsPlugin
{
    public Dictionary<string, NodeState> States { get; } = new(StringComparer.Ordinal);

    public string Id => "scripted";

    public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NodeInfo>>(States.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new NodeInfo(s.Key, 2, s.Value == NodeState.Used ? 0 : 2, 4096, 4096, state: s.Value)).ToList());

    /// <summary>The jobs the LRMS reports.</summary>
    public List<JobInfo> Jobs { get; } = [];

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobInfo>>([.. Jobs]);
}
