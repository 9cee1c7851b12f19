namespace Clues.Core.Model;

/// <summary>What an LRMS plugin reports about one job (CLUES' <c>JobInfo</c>).</summary>
/// <param name="Resources">What the job needs.</param>
/// <param name="JobId">The LRMS job id; unique within one report.</param>
/// <param name="NodeIds">The nodes the job runs on (empty while queued).</param>
/// <param name="State">
/// <see cref="RequestState.Pending"/> while the job waits for resources; <see cref="RequestState.Attended"/>
/// or <see cref="RequestState.Served"/> once it is placed or running.
/// </param>
public sealed record JobInfo(Resources Resources, string JobId, IReadOnlyList<string> NodeIds, RequestState State = RequestState.Unknown);
