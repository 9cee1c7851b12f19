namespace Clues.Core.Model;

/// <summary>What an LRMS plugin reports about one job (CLUES' <c>JobInfo</c>).</summary>
/// <param name="Resources">What the job needs.</param>
/// <param name="JobId">The LRMS job id; unique within one report.</param>
/// <param name="NodeIds">The nodes the job runs on (empty while queued).</param>
/// <param name="State">
/// <see cref="RequestState.Pending"/> while the job waits for resources; <see cref="RequestState.Attended"/>
/// or <see cref="RequestState.Served"/> once it is placed or running.
/// </param>
/// <param name="LrmsState">
/// The job's own state in the LRMS's words (such as <c>queued</c>, <c>running</c>, <c>done</c>), shown next to the
/// state of the requests made for the job so that a request's <c>not-served</c> is not read as a lost job; null
/// when the plugin has no finer state than <paramref name="State"/>.
/// </param>
public sealed record JobInfo(
    Resources Resources, string JobId, IReadOnlyList<string> NodeIds, RequestState State = RequestState.Unknown, string? LrmsState = null);
